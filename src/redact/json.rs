//! A JSON record through the plan: a walk over its keys that applies the
//! longest classified path's action to each value.

use super::*;

impl Redactor {
    /// Check that every value of a record is classified (dropping the
    /// unclassified ones when the policy says so) and note which fields
    /// occur, without changing anything else. Used for withheld records.
    pub fn json_survey(
        &self,
        record: &mut Object,
        scratch: &mut RecordState,
        tally: &mut Tally,
    ) -> Result<(), UnclassifiedField> {
        self.walk(record, false, scratch, tally)
    }

    fn unclassified(&self, path: &str, tally: &mut Tally) -> Result<bool, UnclassifiedField> {
        match self.unclassified {
            Unclassified::Error => Err(UnclassifiedField(path.to_string())),
            Unclassified::Drop => {
                if !tally.unclassified_dropped.contains(path) {
                    tally.unclassified_dropped.insert(path.to_string());
                }
                Ok(false)
            }
        }
    }

    /// Redact one JSON record in place.
    pub fn json_record(
        &self,
        record: &mut Object,
        scratch: &mut RecordState,
        tally: &mut Tally,
    ) -> Result<(), UnclassifiedField> {
        scratch.unprocessable.clear();
        if self.needs_terms {
            scratch.terms.clear();
            self.gather_terms(record, self.trie.root(), &mut scratch.terms);
        }
        self.walk(record, true, scratch, tally)
    }

    /// JsonWalk a record: classify every value (unclassified ones are an error
    /// or dropped), note which fields occur, and, when `redact`, apply the
    /// actions.
    fn walk(
        &self,
        record: &mut Object,
        redact: bool,
        scratch: &mut RecordState,
        tally: &mut Tally,
    ) -> Result<(), UnclassifiedField> {
        let mut path = std::mem::take(&mut scratch.path);
        path.clear();
        let mut walk = JsonWalk {
            redact,
            path,
            scratch,
            tally,
        };
        let result = self.object(record, self.trie.root(), &mut walk);
        walk.scratch.path = walk.path;
        result
    }

    fn gather_terms(&self, map: &Object, cursor: Cursor, terms: &mut SubjectTerms) {
        for (key, value) in map.iter() {
            self.gather_node(value, self.trie.key(cursor, key), terms);
        }
    }

    fn gather_node(&self, value: &Value, cursor: Cursor, terms: &mut SubjectTerms) {
        match value {
            Value::Object(map) => self.gather_terms(map, cursor, terms),
            Value::Array(items) => {
                let each = self.trie.each(cursor);
                for item in items {
                    self.gather_node(item, each, terms);
                }
            }
            // A number is a value too: a ZIP code written as 74196.
            Value::String(s) | Value::Number(s) => match cursor.field.map(|fi| self.ops[fi].kind) {
                Some(FieldKind::Name) => terms.add_name(s),
                Some(FieldKind::Address) => terms.add_address(s),
                _ => {}
            },
            _ => {}
        }
    }

    fn object(
        &self,
        map: &mut Object,
        cursor: Cursor,
        walk: &mut JsonWalk<'_>,
    ) -> Result<(), UnclassifiedField> {
        let mut failed = None;
        map.retain(|key, value| {
            if failed.is_some() {
                return true;
            }
            let len = walk.path.len();
            fieldpath::push_key(&mut walk.path, key);
            let keep = match self.node(value, self.trie.key(cursor, key), walk) {
                Ok(keep) => keep,
                Err(e) => {
                    failed = Some(e);
                    true
                }
            };
            walk.path.truncate(len);
            keep
        });
        failed.map_or(Ok(()), Err)
    }

    /// JsonWalk one value; `false` when it is to be removed.
    fn node(
        &self,
        value: &mut Value,
        cursor: Cursor,
        walk: &mut JsonWalk<'_>,
    ) -> Result<bool, UnclassifiedField> {
        // Classified paths below a field expect an object (`a.b`) or an
        // array (`a[].b`). A kept value of the other shape cannot be walked
        // along them: it is withheld rather than kept whole (fail closed).
        // Other actions walk it, and its leaves take the field's action.
        let descends = self.trie.descends(cursor);
        let fits = match value {
            Value::Object(_) => self.trie.has_keys(cursor),
            Value::Array(_) => self.trie.has_each(cursor),
            _ => true,
        };
        let kept = cursor
            .field
            .is_some_and(|fi| matches!(self.ops[fi].op, CompiledAction::Keep));
        let shape_differs = descends && kept && !fits;
        if descends && !shape_differs {
            match value {
                Value::Object(map) => {
                    return self.object(map, cursor, walk).map(|_| true);
                }
                Value::Array(items) => {
                    let each = self.trie.each(cursor);
                    let len = walk.path.len();
                    walk.path.push_str("[]");
                    let mut result = Ok(());
                    items.retain_mut(|item| {
                        if result.is_err() {
                            return true;
                        }
                        match self.node(item, each, walk) {
                            Ok(keep) => keep,
                            Err(e) => {
                                result = Err(e);
                                true
                            }
                        }
                    });
                    walk.path.truncate(len);
                    return result.map(|_| true);
                }
                _ => {}
            }
        }
        let Some(fi) = cursor.field else {
            return self.unclassified(&walk.path, walk.tally);
        };
        walk.tally.fields[fi].present = true;
        if !walk.redact {
            return Ok(true);
        }
        let (path, scratch, tally) = (&walk.path, &mut *walk.scratch, &mut *walk.tally);
        tally.fields[fi].disclosed = true;
        let op = &self.ops[fi];
        match &op.op {
            CompiledAction::Keep if shape_differs => {
                count_unprocessable(fi, path, SHAPE_DIFFERS, scratch, tally);
                *value = Value::String(op.label.clone());
                Ok(true)
            }
            CompiledAction::Keep => {
                tally.fields[fi].processed += 1;
                Ok(true)
            }
            CompiledAction::Drop => {
                tally.fields[fi].changed += 1;
                Ok(false)
            }
            CompiledAction::Redact => {
                if value.as_str() != Some(op.label.as_str()) {
                    tally.fields[fi].changed += 1;
                }
                *value = Value::String(op.label.clone());
                Ok(true)
            }
            _ => {
                match value {
                    Value::Array(items) if items.iter().all(is_scalar) => {
                        for item in items.iter_mut() {
                            self.scalar(fi, item, path, scratch, tally);
                        }
                    }
                    Value::Array(_) | Value::Object(_) => {
                        count_unprocessable(fi, path, CONTAINER, scratch, tally);
                        *value = Value::String(op.label.clone());
                    }
                    _ => self.scalar(fi, value, path, scratch, tally),
                }
                Ok(true)
            }
        }
    }

    /// Apply a transforming action to one JSON scalar.
    fn scalar(
        &self,
        fi: usize,
        value: &mut Value,
        path: &str,
        scratch: &mut RecordState,
        tally: &mut Tally,
    ) {
        let text = match value.scalar_text() {
            None | Some("") => return,
            Some(text) => text,
        };
        let outcome = self.transform(fi, text, &scratch.terms, tally);
        match outcome {
            Outcome::Same => {}
            Outcome::Changed(out) => {
                if out != text || !matches!(value, Value::String(_)) {
                    tally.fields[fi].changed += 1;
                }
                *value = Value::String(out);
            }
            Outcome::Unprocessable(reason) => {
                count_unprocessable(fi, path, reason, scratch, tally);
                *value = Value::String(self.ops[fi].label.clone());
            }
        }
    }
}
