//! `disclose ledger suspend`: record a request to leave a recipient's
//! disclosures out of accountings until a date.

use crate::audit::ledger::suspend::{self, SuspendRequest};
use crate::cli::LedgerSuspendArgs;
use crate::clock::DisclosureTime;
use crate::cmd::apply::operator;
use crate::cmd::ledger_show::parse_date;
use crate::console;
use crate::exit::ExitCode;

pub fn run(args: &LedgerSuspendArgs) -> anyhow::Result<ExitCode> {
    let until = parse_date("--until", &args.until)?;
    let operator = operator(args.operator.as_deref());
    let time = DisclosureTime::now()?;
    if time.is_from_env() {
        console::warning(&format!(
            "SOURCE_DATE_EPOCH is set: the suspension is recorded at {} (not the system clock), and its 30 days for an oral request count from that date",
            time.rfc3339()
        ));
    }
    let appended = suspend::suspend(
        &args.ledger,
        &SuspendRequest {
            recipient: args.recipient.trim(),
            until,
            requested_by: args.requested_by.trim(),
            oral: args.oral,
            operator: Some(&operator),
        },
        time,
    )?;
    console::note(&format!(
        "suspension recorded in ledger {} as seq {}: accountings as of a day up to {until} leave out disclosures to {}",
        args.ledger.display(),
        appended.seq,
        args.recipient.trim()
    ));
    Ok(ExitCode::Success)
}
