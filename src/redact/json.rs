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
    ) -> Result<(), FieldError> {
        self.walk(record, false, scratch, tally)
    }

    /// A value no classified path covers: an error, or dropped (and named
    /// in the manifest when the record is disclosed).
    fn unclassified(&self, walk: &mut JsonWalk<'_>) -> Result<bool, FieldError> {
        match self.unclassified {
            Unclassified::Error => {
                let shown = self.shown_path(walk);
                // A literal "person.ssn" key where the policy classifies
                // person.ssn: say so, not "not classified".
                if walk.tail.is_some_and(|(start, _)| start == 0)
                    && shown.contains('.')
                    && fieldpath::parse(&shown)
                        .is_ok_and(|steps| self.trie.walk(&steps).node.is_some())
                {
                    return Err(FieldError::Dotted(shown));
                }
                Err(FieldError::Unclassified(shown))
            }
            Unclassified::Drop => {
                if walk.redact {
                    let known = walk
                        .tail
                        .is_none_or(|(start, _)| fieldpath::looks_like_name(&walk.path[start..]))
                        && walk.tally.unclassified_dropped.contains(&walk.path);
                    if !known {
                        let shown = self.shown_path(walk);
                        walk.tally.unclassified_dropped.insert(shown);
                    }
                }
                Ok(false)
            }
        }
    }

    /// The walked path as messages and the manifest show it: its last key
    /// as `<key N>` unless it is classified or looks like a field name.
    fn shown_path(&self, walk: &JsonWalk<'_>) -> String {
        match walk.tail {
            Some((start, index)) if !self.shows_key(&walk.path[start..]) => {
                format!("{}<key {index}>", &walk.path[..start])
            }
            _ => walk.path.clone(),
        }
    }

    /// Redact one JSON record in place.
    pub fn json_record(
        &self,
        record: &mut Object,
        scratch: &mut RecordState,
        tally: &mut Tally,
    ) -> Result<(), FieldError> {
        scratch.unprocessable.clear();
        scratch.shown.clear();
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
    ) -> Result<(), FieldError> {
        let mut path = std::mem::take(&mut scratch.path);
        path.clear();
        let mut walk = JsonWalk {
            redact,
            path,
            tail: None,
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
    ) -> Result<(), FieldError> {
        let mut failed = None;
        let mut index = 0;
        let tail = walk.tail;
        map.retain(|key, value| {
            index += 1;
            if failed.is_some() {
                return true;
            }
            let len = walk.path.len();
            fieldpath::push_key(&mut walk.path, key);
            let child = self.trie.key(cursor, key);
            walk.tail = None;
            if child.node.is_none() && cursor.node.is_some() {
                walk.tail = Some((walk.path.len() - key.len(), index));
                // A key that only looks like a classified one is never
                // covered by an ancestor's rule.
                if let Some(classified) = self.trie.look_alike(cursor, key) {
                    let error = FieldError::LookAlike {
                        key: self.shown_path(walk),
                        classified: classified.to_string(),
                    };
                    walk.path.truncate(len);
                    if !self.collect {
                        failed = Some(error);
                        return true;
                    }
                    if let FieldError::LookAlike { key, classified } = error {
                        walk.tally
                            .look_alikes
                            .insert(format!("{key} -> {classified}"));
                    }
                    return false;
                }
            }
            let keep = match self.node(value, child, walk) {
                Ok(keep) => keep,
                Err(e) => {
                    failed = Some(e);
                    true
                }
            };
            walk.path.truncate(len);
            keep
        });
        walk.tail = tail;
        failed.map_or(Ok(()), Err)
    }

    /// JsonWalk one value; `false` when it is to be removed.
    fn node(
        &self,
        value: &mut Value,
        cursor: Cursor,
        walk: &mut JsonWalk<'_>,
    ) -> Result<bool, FieldError> {
        // Classified paths below a field expect an object (`a.b`) or an
        // array (`a[].b`). A kept value of the other shape cannot be walked
        // along them: it is withheld rather than kept whole (fail closed).
        // Other actions walk it, and its leaves take the field's action.
        let descends = self.trie.descends(cursor);
        if descends && !value.is_container() {
            if !is_empty(value) {
                return Ok(self.scalar_above(value, cursor, walk));
            }
            if cursor.field.is_none() {
                // Null or empty where paths are classified below: nothing
                // to disclose, and it stays as it is.
                return Ok(true);
            }
        }
        let fits = match value {
            Value::Object(_) => self.trie.has_keys(cursor),
            Value::Array(_) => self.trie.has_each(cursor),
            _ => true,
        };
        let uncovered = cursor
            .field
            .is_some_and(|fi| walk.scratch.is_uncovered(self.ops[fi].category));
        let kept = !uncovered
            && cursor
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
            return self.unclassified(walk);
        };
        walk.tally.fields[fi].present = true;
        if !walk.redact {
            return Ok(true);
        }
        let (path, scratch, tally) = (&walk.path, &mut *walk.scratch, &mut *walk.tally);
        let op = &self.ops[fi];
        let action = op.action(uncovered, &mut tally.fields[fi]);
        match action {
            CompiledAction::Keep if shape_differs => {
                count_unprocessable(fi, path, SHAPE_DIFFERS, scratch, tally);
                *value = Value::String(op.label.clone());
                Ok(true)
            }
            CompiledAction::Keep => {
                tally.fields[fi].processed += 1;
                if !is_empty_value(value) {
                    scratch.shown.push(fi);
                }
                Ok(true)
            }
            CompiledAction::Drop => {
                tally.fields[fi].changed += 1;
                tally.fields[fi].processed += 1;
                Ok(false)
            }
            CompiledAction::Redact => {
                if value.as_str() != Some(op.label.as_str()) {
                    tally.fields[fi].changed += 1;
                    if uncovered && !matches!(op.op, CompiledAction::Redact) {
                        tally.fields[fi].consent_redacted += 1;
                    }
                }
                tally.fields[fi].processed += 1;
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

    /// A single value where the policy classifies paths below: withheld
    /// (the label of the first field below, counted as unprocessable there)
    /// whatever the covering rule, unless that rule drops it anyway.
    /// Returns whether the key stays.
    fn scalar_above(&self, value: &mut Value, cursor: Cursor, walk: &mut JsonWalk<'_>) -> bool {
        let Some(below) = self.trie.below(cursor) else {
            return true;
        };
        if self.collect {
            let shown = self.shown_path(walk);
            walk.tally.shape_mismatches.insert(shown);
        }
        if let Some(fi) = cursor.field
            && matches!(self.ops[fi].op, CompiledAction::Drop)
        {
            walk.tally.fields[fi].present = true;
            if walk.redact {
                walk.tally.fields[fi].disclosed = true;
                walk.tally.fields[fi].changed += 1;
            }
            return false;
        }
        walk.tally.fields[below].present = true;
        if walk.redact {
            walk.tally.fields[below].disclosed = true;
            let shown = self.shown_path(walk);
            count_unprocessable(below, &shown, SCALAR_ABOVE, walk.scratch, walk.tally);
            *value = Value::String(self.ops[below].label.clone());
        }
        true
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
            Outcome::Same => scratch.shown.push(fi),
            Outcome::Changed(out) => {
                scratch.shown.push(fi);
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

/// Null, an empty string, or an array or object with nothing non-empty in
/// it: no value of the person's was disclosed.
fn is_empty_value(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.iter().all(is_empty_value),
        Value::Object(map) => map.iter().all(|(_, v)| is_empty_value(v)),
        _ => false,
    }
}
