//! Overlapping matches settled: the longest wins, then the detector listed
//! first, then the one further left.

use std::collections::BTreeMap;

/// A match: the bytes it covers, its label, and the position of its
/// detector in the rule's list (lower wins a tie).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Match {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) rank: u32,
    pub(super) label: u32,
}

/// Join overlapping matches of the same label into one (`36 Apt. 367`
/// and `Apt. 367` overlapping a longer address keep all of it), ranked
/// as the best of them.
pub(super) fn join_same_label(found: &mut Vec<Match>) {
    if found.len() < 2 {
        return;
    }
    found.sort_unstable_by_key(|f| (f.label, f.start, f.end));
    let mut kept = 0;
    for i in 0..found.len() {
        let f = found[i];
        if kept > 0 {
            let last = &mut found[kept - 1];
            if last.label == f.label && f.start < last.end {
                last.end = last.end.max(f.end);
                last.rank = last.rank.min(f.rank);
                continue;
            }
        }
        found[kept] = f;
        kept += 1;
    }
    found.truncate(kept);
}

/// Settle overlapping matches: the longest wins, then the detector listed
/// first, then the one further left. What is left is sorted by position
/// and free of overlaps.
pub(super) fn settle(found: &mut Vec<Match>) {
    found.sort_unstable_by_key(|f| (f.start, f.end, f.rank, f.label));
    found.dedup_by_key(|f| (f.start, f.end));
    // Matches that overlap, directly or through others, form a cluster; a
    // choice in one cluster never touches another.
    let mut kept = 0;
    let mut i = 0;
    while i < found.len() {
        let mut reach = found[i].end;
        let mut j = i + 1;
        while j < found.len() && found[j].start < reach {
            reach = reach.max(found[j].end);
            j += 1;
        }
        let chosen = choose(&mut found[i..j]);
        found.copy_within(i..i + chosen, kept);
        kept += chosen;
        i = j;
    }
    found.truncate(kept);
}

/// `settle`, and then what a losing match covered that no winner covers
/// is replaced too, under the loser's label: a longer name that overlaps
/// the end of an address (`3386 Karl` and `Karl Persons`) takes the words
/// it covers, not the house number before them. Nothing a detector found
/// goes out. A remainder without a letter or digit is dropped.
pub(super) fn settle_keeping_the_rest(found: &mut Vec<Match>, text: &[u8]) {
    // Most texts have no overlap at all: nothing to settle or keep.
    found.sort_unstable_by_key(|f| (f.start, f.end, f.rank, f.label));
    if found.windows(2).all(|w| w[0].end <= w[1].start) {
        return;
    }
    let mut contenders = found.clone();
    settle(found);
    while !contenders.is_empty() {
        let mut rest = Vec::new();
        for m in &contenders {
            let mut at = m.start;
            let first = found.partition_point(|f| f.end <= m.start);
            for f in &found[first..] {
                if f.start >= m.end {
                    break;
                }
                if f.start > at {
                    remainder(text, at, f.start, m, &mut rest);
                }
                at = at.max(f.end);
            }
            if at < m.end {
                remainder(text, at, m.end, m, &mut rest);
            }
        }
        if rest.is_empty() {
            break;
        }
        found.extend(rest.iter().copied());
        settle(found);
        contenders = rest;
    }
}

/// The part `start..end` of `m` without the white space and punctuation at
/// its ends, when a letter or digit is left.
fn remainder(text: &[u8], mut start: usize, mut end: usize, m: &Match, rest: &mut Vec<Match>) {
    let edge = |b: u8| b.is_ascii() && !b.is_ascii_alphanumeric();
    while start < end && edge(text[start]) {
        start += 1;
    }
    while end > start && edge(text[end - 1]) {
        end -= 1;
    }
    if start < end {
        rest.push(Match { start, end, ..*m });
    }
}

/// Settle one cluster of overlapping matches: move the chosen ones to the
/// front, in order of position, and say how many there are.
fn choose(cluster: &mut [Match]) -> usize {
    if cluster.len() == 1 {
        return 1;
    }
    cluster
        .sort_unstable_by_key(|f| (std::cmp::Reverse(f.end - f.start), f.rank, f.start, f.label));
    let mut chosen = 0;
    if cluster.len() <= 32 {
        for k in 0..cluster.len() {
            let f = cluster[k];
            if cluster[..chosen]
                .iter()
                .all(|c| c.end <= f.start || f.end <= c.start)
            {
                cluster[chosen] = f;
                chosen += 1;
            }
        }
    } else {
        // Chosen matches by start; they never overlap, so the one that
        // starts last before a candidate's end is the only one that can
        // overlap it.
        let mut by_start: BTreeMap<usize, Match> = BTreeMap::new();
        for f in cluster.iter() {
            let clear = by_start
                .range(..f.end)
                .next_back()
                .is_none_or(|(_, c)| c.end <= f.start);
            if clear {
                by_start.insert(f.start, *f);
            }
        }
        for f in by_start.into_values() {
            cluster[chosen] = f;
            chosen += 1;
        }
    }
    cluster[..chosen].sort_unstable_by_key(|f| f.start);
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A match for `settle`.
    fn found() -> impl Strategy<Value = Match> {
        (0usize..60, 1usize..12, 0u32..3, 0u32..3).prop_map(|(start, len, rank, label)| Match {
            start,
            end: start + len,
            rank,
            label,
        })
    }

    #[test]
    fn a_loser_keeps_what_no_winner_covers() {
        let text = b"at 3386 Karl Persons present";
        let m = |start, end, label| Match {
            start,
            end,
            rank: 1,
            label,
        };
        let mut found = vec![m(3, 12, 0), m(8, 20, 1)];
        settle_keeping_the_rest(&mut found, text);
        assert_eq!(found, [m(3, 7, 0), m(8, 20, 1)]);
        // Nothing left but a space: nothing added.
        let mut found = vec![m(3, 9, 0), m(8, 20, 1)];
        settle_keeping_the_rest(&mut found, b"at 3386 Karl Persons present");
        assert_eq!(found, [m(3, 7, 0), m(8, 20, 1)]);
        let mut found = vec![m(7, 9, 0), m(8, 20, 1)];
        settle_keeping_the_rest(&mut found, b"at 3386 Karl Persons present");
        assert_eq!(found, [m(8, 20, 1)]);
    }

    proptest! {
        #[test]
        fn nothing_found_is_lost(mut found in proptest::collection::vec(found(), 0..40)) {
            let text = [b'a'; 80];
            let all = found.clone();
            settle_keeping_the_rest(&mut found, &text);
            prop_assert!(found.windows(2).all(|w| w[0].end <= w[1].start));
            for m in all {
                for at in m.start..m.end {
                    prop_assert!(found.iter().any(|f| f.start <= at && at < f.end));
                }
            }
        }
    }

    proptest! {
        #[test]
        fn settle_keeps_the_longest_then_the_first_listed(
            mut found in proptest::collection::vec(found(), 0..80),
        ) {
            // The rule, checked match by match against all the others.
            let mut want: Vec<Match> = Vec::new();
            let mut by_priority = found.clone();
            by_priority.sort_by_key(|f| (std::cmp::Reverse(f.end - f.start), f.rank, f.start, f.label));
            for f in by_priority {
                let same = want.iter().any(|w| w.start == f.start && w.end == f.end);
                if !same && want.iter().all(|w| w.end <= f.start || f.end <= w.start) {
                    want.push(f);
                }
            }
            want.sort_by_key(|f| f.start);
            settle(&mut found);
            prop_assert_eq!(found, want);
        }
    }
}
