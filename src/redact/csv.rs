//! A CSV row through the plan: the header mapped to fields once, then
//! each row's cells transformed and written in order.

use super::*;

impl Redactor {
    /// Map a CSV header to fields. Fails on an unclassified column unless
    /// the policy drops them.
    pub fn csv_layout(
        &self,
        header: &[String],
        tally: &mut Tally,
    ) -> Result<CsvLayout, FieldError> {
        let mut columns = Vec::with_capacity(header.len());
        let mut out_header = Vec::new();
        let mut written = Vec::new();
        let mut dropped = Vec::new();
        let (mut name_columns, mut address_columns) = (Vec::new(), Vec::new());
        for (ci, name) in header.iter().enumerate() {
            // A header that may be data (a file without a header row) is
            // shown by its position.
            let shown = || {
                if self.shows_key(name) {
                    name.clone()
                } else {
                    format!("<column {}>", ci + 1)
                }
            };
            let mut cursor = self.trie.root();
            let mut problem = None;
            for step in fieldpath::parse_column(name) {
                let next = match &step {
                    PathStep::Key(k) => self.trie.key(cursor, k),
                    PathStep::Each => self.trie.each(cursor),
                };
                if let PathStep::Key(k) = &step
                    && next.node.is_none()
                    && let Some(classified) = self.trie.look_alike(cursor, k)
                {
                    problem = Some(FieldError::LookAlike {
                        key: shown(),
                        classified: classified.to_string(),
                    });
                    break;
                }
                cursor = next;
            }
            if problem.is_none()
                && let Some(below) = self.trie.below(cursor)
            {
                problem = Some(FieldError::ColumnShape {
                    column: shown(),
                    below: self.names[below].clone(),
                });
            }
            if let Some(problem) = problem {
                if !self.collect {
                    return Err(problem);
                }
                match problem {
                    FieldError::LookAlike { key, classified } => {
                        tally.look_alikes.insert(format!("{key} -> {classified}"));
                    }
                    _ => {
                        tally.shape_mismatches.insert(shown());
                    }
                }
                columns.push(None);
                continue;
            }
            let field = cursor.field;
            match field {
                None if self.unclassified == Unclassified::Error => {
                    return Err(FieldError::Unclassified(shown()));
                }
                None => dropped.push(shown()),
                Some(fi) => {
                    tally.fields[fi].present = true;
                    if !matches!(self.ops[fi].op, CompiledAction::Drop) {
                        out_header.push(name.clone());
                        written.push(ci);
                    }
                    match self.ops[fi].kind {
                        FieldKind::Name => name_columns.push(ci),
                        FieldKind::Address => address_columns.push(ci),
                        _ => {}
                    }
                }
            }
            columns.push(field);
        }
        Ok(CsvLayout {
            columns,
            dropped,
            out_header,
            written,
            names: header.to_vec(),
            name_columns,
            address_columns,
        })
    }

    /// Redact one CSV row (already checked to be UTF-8, one cell per column)
    /// and hand each output cell to `emit`.
    pub fn csv_row(
        &self,
        layout: &CsvLayout,
        row: &::csv::StringRecord,
        scratch: &mut RecordState,
        tally: &mut Tally,
        mut emit: impl FnMut(&[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        scratch.unprocessable.clear();
        scratch.shown.clear();
        // Unclassified columns are named in the manifest once a record is
        // disclosed.
        if let Some(first) = layout.dropped.first()
            && !tally.unclassified_dropped.contains(first)
        {
            tally
                .unclassified_dropped
                .extend(layout.dropped.iter().cloned());
        }
        if self.needs_terms {
            scratch.terms.clear();
            for &c in &layout.name_columns {
                scratch.terms.add_name(&row[c]);
            }
            for &c in &layout.address_columns {
                scratch.terms.add_address(&row[c]);
            }
        }
        for (ci, field) in layout.columns.iter().enumerate() {
            let Some(fi) = *field else { continue };
            let cell: &str = &row[ci];
            let op = &self.ops[fi];
            let uncovered = scratch.is_uncovered(op.category);
            let action = op.action(uncovered, &mut tally.fields[fi]);
            match action {
                CompiledAction::Keep => {
                    if !cell.is_empty() {
                        scratch.shown.push(fi);
                    }
                    self.emit_guarded(cell.as_bytes(), tally, &mut emit)?
                }
                CompiledAction::Drop => tally.fields[fi].changed += 1,
                CompiledAction::Redact => {
                    if cell != op.label {
                        tally.fields[fi].changed += 1;
                        if uncovered && !matches!(op.op, CompiledAction::Redact) {
                            tally.fields[fi].consent_redacted += 1;
                        }
                    }
                    self.emit_guarded(op.label.as_bytes(), tally, &mut emit)?;
                }
                _ if cell.is_empty() => emit(b"")?,
                _ => match self.transform(fi, cell, &scratch.terms, tally) {
                    Outcome::Same => {
                        scratch.shown.push(fi);
                        self.emit_guarded(cell.as_bytes(), tally, &mut emit)?
                    }
                    Outcome::Changed(out) => {
                        scratch.shown.push(fi);
                        if out != cell {
                            tally.fields[fi].changed += 1;
                        }
                        self.emit_guarded(out.as_bytes(), tally, &mut emit)?;
                    }
                    Outcome::Unprocessable(reason) => {
                        count_unprocessable(fi, "", reason, scratch, tally);
                        self.emit_guarded(op.label.as_bytes(), tally, &mut emit)?;
                    }
                },
            }
        }
        Ok(())
    }

    fn emit_guarded(
        &self,
        cell: &[u8],
        tally: &mut Tally,
        emit: &mut impl FnMut(&[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        if self.formula_guard && needs_formula_guard(cell) {
            tally.csv_formula_guarded += 1;
            let mut guarded = Vec::with_capacity(cell.len() + 1);
            guarded.push(b'\'');
            guarded.extend_from_slice(cell);
            emit(&guarded)
        } else {
            emit(cell)
        }
    }
}
