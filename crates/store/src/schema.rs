//! The tables of an installation, described once so that a whole installation
//! can be copied between backends and compared by checksum.

use sha2::{Digest, Sha256};

/// The type of a column, as both backends store it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// 64-bit integer (ids, instants in milliseconds, counts).
    Int,
    /// Text.
    Text,
    /// True or false.
    Bool,
    /// A calendar day: TEXT `YYYY-MM-DD` on SQLite, DATE on PostgreSQL; read as `Value::Text`.
    Date,
}

/// One value read from or written to a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// An integer.
    Int(i64),
    /// A text.
    Text(String),
    /// A boolean.
    Bool(bool),
}

/// A table that belongs to an installation. Its first column is an integer key.
#[derive(Debug, Clone, Copy)]
pub struct TableDef {
    /// The table name.
    pub name: &'static str,
    /// Columns in order, with their types and whether NULL is allowed.
    pub columns: &'static [(&'static str, ColType, bool)],
    /// True when the key comes from a sequence the database advances.
    pub key_is_generated: bool,
}

impl TableDef {
    /// The key column (always the first).
    pub fn key(&self) -> &'static str {
        self.columns[0].0
    }

    /// The column names, comma-separated, for SQL.
    pub fn column_list(&self) -> String {
        self.columns
            .iter()
            .map(|c| c.0)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl TableDef {
    /// Refuses a row that no database should hold: a text with a control character
    /// other than tab and line breaks (SQLite stores a NUL, PostgreSQL refuses it),
    /// naming the table, the row's key and the column (issue 20, M3).
    pub fn check_row(&self, row: &[Value]) -> Result<(), samverka_domain::FieldError> {
        use samverka_domain::journey::text::is_forbidden_control;
        for (value, (column, _, _)) in row.iter().zip(self.columns) {
            if let Value::Text(text) = value
                && text.chars().any(is_forbidden_control)
            {
                return Err(samverka_domain::FieldError::with_args(
                    "from",
                    "error.transfer.control_character",
                    vec![
                        ("table", self.name.to_string()),
                        ("key", key_text(row)),
                        ("column", (*column).to_string()),
                    ],
                ));
            }
        }
        Ok(())
    }

    /// Names the rows of a page the target refused, by their first and last key.
    pub fn refused(&self, page: &[Vec<Value>]) -> samverka_domain::FieldError {
        let key = |row: Option<&Vec<Value>>| row.map_or_else(String::new, |r| key_text(r));
        samverka_domain::FieldError::with_args(
            "from",
            "error.transfer.refused",
            vec![
                ("table", self.name.to_string()),
                ("first", key(page.first())),
                ("last", key(page.last())),
            ],
        )
    }
}

/// A row's key as text.
fn key_text(row: &[Value]) -> String {
    match row.first() {
        Some(Value::Int(k)) => k.to_string(),
        Some(Value::Text(k)) => k.clone(),
        _ => "?".into(),
    }
}

/// The tables copied by `transfer`, in an order that satisfies foreign keys.
/// Sessions and failed logins are short-lived and not part of an installation.
pub const TABLES: &[TableDef] = &[
    TableDef {
        name: "users",
        columns: &[
            ("id", ColType::Int, false),
            ("username", ColType::Text, false),
            ("display_name", ColType::Text, false),
            ("password_hash", ColType::Text, false),
            ("disabled", ColType::Bool, false),
            ("totp_secret", ColType::Text, true),
            ("totp_last_step", ColType::Int, true),
            ("created_at", ColType::Int, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "role_assignments",
        columns: &[
            ("id", ColType::Int, false),
            ("user_id", ColType::Int, false),
            ("role", ColType::Text, false),
            ("scope_kind", ColType::Text, false),
            ("scope_code", ColType::Text, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "associations",
        columns: &[
            ("id", ColType::Int, false),
            ("code", ColType::Text, false),
            ("name", ColType::Text, false),
            ("orgnr", ColType::Text, false),
            ("start_date", ColType::Date, true),
            ("municipalities", ColType::Text, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "association_members",
        columns: &[
            ("id", ColType::Int, false),
            ("association_id", ColType::Int, false),
            ("position", ColType::Int, false),
            ("code", ColType::Text, false),
            ("name", ColType::Text, false),
            ("kind", ColType::Text, false),
            ("financier", ColType::Bool, false),
            ("share", ColType::Int, true),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "providers",
        columns: &[
            ("id", ColType::Int, false),
            ("code", ColType::Text, false),
            ("name", ColType::Text, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "process_templates",
        columns: &[
            ("id", ColType::Int, false),
            ("code", ColType::Text, false),
            ("name", ColType::Text, false),
            ("stages", ColType::Text, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "interventions",
        columns: &[
            ("id", ColType::Int, false),
            ("code", ColType::Text, false),
            ("name", ColType::Text, false),
            ("description", ColType::Text, false),
            ("provider_id", ColType::Int, false),
            ("orientation", ColType::Text, false),
            ("follow_up", ColType::Text, false),
            ("template", ColType::Text, false),
            ("start_date", ColType::Date, false),
            ("end_date", ColType::Date, true),
            ("target_groups", ColType::Text, false),
            ("esf_funded", ColType::Bool, false),
            ("planned_places", ColType::Int, true),
            ("planned_participants_per_year", ColType::Int, true),
            ("caseload_min", ColType::Int, true),
            ("caseload_max", ColType::Int, true),
            ("steering_group", ColType::Text, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "intervention_associations",
        columns: &[
            ("id", ColType::Int, false),
            ("intervention_id", ColType::Int, false),
            ("association_id", ColType::Int, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "goals",
        columns: &[
            ("id", ColType::Int, false),
            ("intervention_id", ColType::Int, false),
            ("position", ColType::Int, false),
            ("code", ColType::Text, false),
            ("label", ColType::Text, false),
            ("basis", ColType::Text, false),
            ("numerator_kind", ColType::Text, false),
            ("numerator_codes", ColType::Text, false),
            ("population", ColType::Text, false),
            ("target", ColType::Int, false),
            ("period_from", ColType::Date, true),
            ("period_to", ColType::Date, true),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "persons",
        columns: &[
            ("id", ColType::Int, false),
            ("provider_id", ColType::Int, false),
            ("personal_number", ColType::Text, true),
            ("name", ColType::Text, true),
            ("alias", ColType::Text, true),
            ("sex", ColType::Text, false),
            ("birth_year", ColType::Int, false),
            ("protected", ColType::Bool, false),
            ("created_at", ColType::Int, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "referrals",
        columns: &[
            ("id", ColType::Int, false),
            ("intervention_id", ColType::Int, false),
            ("person_id", ColType::Int, false),
            ("received_on", ColType::Date, false),
            ("source", ColType::Text, false),
            ("source_unit", ColType::Text, false),
            ("officer_name", ColType::Text, false),
            ("officer_user_id", ColType::Int, true),
            ("reason", ColType::Text, false),
            ("status", ColType::Text, false),
            ("escalated", ColType::Bool, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "selection_meetings",
        columns: &[
            ("id", ColType::Int, false),
            ("intervention_id", ColType::Int, false),
            ("group_kind", ColType::Text, false),
            ("held_on", ColType::Date, false),
            ("attendees", ColType::Text, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "selection_proposals",
        columns: &[
            ("id", ColType::Int, false),
            ("meeting_id", ColType::Int, false),
            ("position", ColType::Int, false),
            ("referral_id", ColType::Int, false),
            ("decision", ColType::Text, false),
            ("unanimous", ColType::Bool, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "cohorts",
        columns: &[
            ("id", ColType::Int, false),
            ("intervention_id", ColType::Int, false),
            ("name", ColType::Text, false),
            ("starts_on", ColType::Date, false),
            ("capacity", ColType::Int, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "participations",
        columns: &[
            ("id", ColType::Int, false),
            ("intervention_id", ColType::Int, false),
            ("person_id", ColType::Int, false),
            ("referral_id", ColType::Int, true),
            ("cohort_id", ColType::Int, true),
            ("coach_user_id", ColType::Int, true),
            ("start_on", ColType::Date, false),
            ("sex", ColType::Text, false),
            ("birth_year", ColType::Int, false),
            ("consent_given_on", ColType::Date, true),
            ("consent_scope", ColType::Text, true),
            ("consent_withdrawn_on", ColType::Date, true),
            ("income_before", ColType::Text, false),
            ("occupation_before", ColType::Text, true),
            ("education", ColType::Text, true),
            ("time_away", ColType::Text, true),
            ("municipality", ColType::Text, false),
            ("obstacles", ColType::Text, false),
            ("decisive_change", ColType::Text, false),
            ("exit_on", ColType::Date, true),
            ("exit_reason", ColType::Text, true),
            ("occupation_after", ColType::Text, true),
            ("employment_form_after", ColType::Text, true),
            ("extent_after", ColType::Int, true),
            ("study_form_after", ColType::Text, true),
            ("income_after", ColType::Text, false),
            ("exit_analysis", ColType::Text, false),
            ("receiving_org", ColType::Text, false),
            ("updated_at", ColType::Int, false),
            ("referred_by", ColType::Text, false),
            ("referred_unit", ColType::Text, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "stage_periods",
        columns: &[
            ("id", ColType::Int, false),
            ("participation_id", ColType::Int, false),
            ("position", ColType::Int, false),
            ("stage", ColType::Text, false),
            ("entered_on", ColType::Date, false),
            ("left_on", ColType::Date, true),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "participation_entries",
        columns: &[
            ("id", ColType::Int, false),
            ("participation_id", ColType::Int, false),
            ("kind", ColType::Text, false),
            ("entry_on", ColType::Date, false),
            ("body", ColType::Text, false),
            ("written_by", ColType::Text, false),
            ("written_at", ColType::Int, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "questionnaire_invitations",
        columns: &[
            ("id", ColType::Int, false),
            ("participation_id", ColType::Int, false),
            ("instrument", ColType::Text, false),
            ("version", ColType::Int, false),
            ("occasion", ColType::Text, false),
            ("token_hash", ColType::Text, false),
            ("created_on", ColType::Date, false),
            ("expires_on", ColType::Date, false),
            ("created_by", ColType::Text, false),
            ("answers", ColType::Text, false),
            ("saved_on", ColType::Date, true),
            ("completed_on", ColType::Date, true),
            ("entered_by", ColType::Text, true),
            ("supplement", ColType::Text, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "anonymisations",
        columns: &[
            ("participation_id", ColType::Int, false),
            ("anonymised_on", ColType::Date, false),
            ("why", ColType::Text, false),
        ],
        key_is_generated: false,
    },
    TableDef {
        name: "access_reasons",
        columns: &[
            ("id", ColType::Int, false),
            ("user_id", ColType::Int, false),
            ("participation_id", ColType::Int, false),
            ("reason", ColType::Text, false),
            ("given_at", ColType::Int, false),
            ("until", ColType::Int, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "supplementary_questions",
        columns: &[
            ("id", ColType::Int, false),
            ("association", ColType::Text, false),
            ("text", ColType::Text, false),
            ("kind", ColType::Text, false),
            ("valid_from", ColType::Date, false),
            ("valid_to", ColType::Date, true),
            ("position", ColType::Int, false),
            ("created_by", ColType::Text, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "employers",
        columns: &[
            ("id", ColType::Int, false),
            ("provider_id", ColType::Int, false),
            ("name", ColType::Text, false),
            ("orgnr", ColType::Text, true),
            ("sector", ColType::Text, false),
            ("industry", ColType::Text, false),
            ("contact", ColType::Text, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "employer_contacts",
        columns: &[
            ("id", ColType::Int, false),
            ("employer_id", ColType::Int, false),
            ("contact_on", ColType::Date, false),
            ("note", ColType::Text, false),
            ("participation_id", ColType::Int, true),
            ("written_by", ColType::Text, false),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "budget_lines",
        columns: &[
            ("id", ColType::Int, false),
            ("intervention_id", ColType::Int, false),
            ("year", ColType::Int, false),
            ("category", ColType::Text, false),
            ("post", ColType::Text, false),
            ("budget_type", ColType::Text, false),
            ("financier", ColType::Text, true),
            ("amount", ColType::Int, false),
            ("outcome", ColType::Int, true),
            ("outcome_t1", ColType::Int, true),
            ("outcome_t2", ColType::Int, true),
            ("outcome_t3", ColType::Int, true),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "provider_payments",
        columns: &[
            ("id", ColType::Int, false),
            ("intervention_id", ColType::Int, false),
            ("year", ColType::Int, false),
            ("half", ColType::Int, false),
            ("amount", ColType::Int, false),
            ("planned_by", ColType::Text, false),
            ("certified_by", ColType::Text, true),
            ("certified_on", ColType::Date, true),
            ("certificate", ColType::Text, true),
            ("released_by", ColType::Text, true),
            ("released_on", ColType::Date, true),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "estimate_parameters",
        columns: &[
            ("association_id", ColType::Int, false),
            ("cost_per_person_year", ColType::Int, false),
            ("years", ColType::Int, false),
            ("includes", ColType::Text, false),
        ],
        key_is_generated: false,
    },
    TableDef {
        name: "association_lines",
        columns: &[
            ("id", ColType::Int, false),
            ("association_id", ColType::Int, false),
            ("year", ColType::Int, false),
            ("kind", ColType::Text, false),
            ("post", ColType::Text, false),
            ("financier", ColType::Text, true),
            ("amount", ColType::Int, false),
            ("outcome", ColType::Int, true),
        ],
        key_is_generated: true,
    },
    TableDef {
        name: "audit_log",
        columns: &[
            ("seq", ColType::Int, false),
            ("at", ColType::Int, false),
            ("actor_user_id", ColType::Int, true),
            ("actor_name", ColType::Text, false),
            ("event", ColType::Text, false),
            ("target_kind", ColType::Text, false),
            ("target_id", ColType::Text, false),
            ("participation_id", ColType::Int, true),
            ("reason", ColType::Text, true),
            ("details", ColType::Text, false),
            ("prev_hash", ColType::Text, false),
            ("hash", ColType::Text, false),
        ],
        key_is_generated: false,
    },
    TableDef {
        name: "audit_checkpoints",
        columns: &[
            ("id", ColType::Int, false),
            ("at", ColType::Int, false),
            ("entries", ColType::Int, false),
            ("last_seq", ColType::Int, false),
            ("head_hash", ColType::Text, false),
            ("key_id", ColType::Text, false),
            ("signature", ColType::Text, false),
        ],
        key_is_generated: true,
    },
];

/// Builds a table's checksum from its rows in key order.
#[derive(Default)]
pub struct RowHasher {
    hasher: Sha256,
    rows: u64,
}

impl RowHasher {
    /// Adds one row. Each value is tagged and length-prefixed, so encodings never collide.
    pub fn add(&mut self, row: &[Value]) {
        for value in row {
            match value {
                Value::Null => self.hasher.update([0u8]),
                Value::Int(i) => {
                    self.hasher.update([1u8]);
                    self.hasher.update(i.to_be_bytes());
                }
                Value::Text(t) => {
                    self.hasher.update([2u8]);
                    self.hasher.update((t.len() as u64).to_be_bytes());
                    self.hasher.update(t.as_bytes());
                }
                Value::Bool(b) => self.hasher.update([3u8, u8::from(*b)]),
            }
        }
        self.hasher.update([0xffu8]);
        self.rows += 1;
    }

    /// The number of rows and the hex SHA-256 over them.
    pub fn finish(self) -> (u64, String) {
        (self.rows, hex::encode(self.hasher.finalize()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn different_rows_give_different_sums() {
        let sum = |rows: &[Vec<Value>]| {
            let mut h = RowHasher::default();
            rows.iter().for_each(|r| h.add(r));
            h.finish()
        };
        let a = sum(&[vec![Value::Text("ab".into()), Value::Text("c".into())]]);
        let b = sum(&[vec![Value::Text("a".into()), Value::Text("bc".into())]]);
        assert_ne!(a.1, b.1);
        assert_eq!(a.0, 1);
        assert_ne!(sum(&[vec![Value::Null]]).1, sum(&[vec![Value::Int(0)]]).1);
    }
}
