//! Roles and the scope (uppdrag) each is granted for. SPEC section 3.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// What a person may do in Samverka. One account may hold several roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages accounts; never sees participant data.
    SystemAdmin,
    /// Dataskyddsombud: reads the access log.
    Auditor,
    /// Förbundsadministratör: aggregate figures, economy and organisation only.
    AssociationAdmin,
    /// Member of the beredningsgrupp: decides escalated selections, no personal data.
    PreparatoryGroup,
    /// Insatsansvarig: manages an intervention, its staff, goals and budget.
    InterventionLead,
    /// Arbetskonsulent / coach: owns a caseload of participants.
    Coach,
    /// Handläggare at a partner organisation: sees what consent shares with it.
    PartnerOfficer,
}

impl Role {
    /// Every role, in the order they are listed to people.
    pub const ALL: [Role; 7] = [
        Role::SystemAdmin,
        Role::Auditor,
        Role::AssociationAdmin,
        Role::PreparatoryGroup,
        Role::InterventionLead,
        Role::Coach,
        Role::PartnerOfficer,
    ];

    /// The code used in the database, the CLI and the API.
    pub fn code(self) -> &'static str {
        match self {
            Role::SystemAdmin => "system_admin",
            Role::Auditor => "auditor",
            Role::AssociationAdmin => "association_admin",
            Role::PreparatoryGroup => "preparatory_group",
            Role::InterventionLead => "intervention_lead",
            Role::Coach => "coach",
            Role::PartnerOfficer => "partner_officer",
        }
    }

    /// Parses a role code; the error names the field `role`.
    pub fn parse(code: &str) -> Result<Self, FieldError> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == code.trim())
            .ok_or_else(|| FieldError::with_detail("role", "error.role.unknown", code.trim()))
    }

    /// True for roles that may read rows about participants.
    pub fn sees_personal_data(self) -> bool {
        matches!(
            self,
            Role::Coach | Role::InterventionLead | Role::PartnerOfficer
        )
    }

    /// True for roles whose login needs a second factor (TOTP): those that see
    /// personal data, the auditor, who reads who saw it, and the system
    /// administrator, who grants the roles that see it.
    pub fn requires_second_factor(self) -> bool {
        self.sees_personal_data() || matches!(self, Role::Auditor | Role::SystemAdmin)
    }

    /// The catalogue key of the role's name.
    pub fn label_key(self) -> &'static str {
        match self {
            Role::SystemAdmin => "role.system_admin",
            Role::Auditor => "role.auditor",
            Role::AssociationAdmin => "role.association_admin",
            Role::PreparatoryGroup => "role.preparatory_group",
            Role::InterventionLead => "role.intervention_lead",
            Role::Coach => "role.coach",
            Role::PartnerOfficer => "role.partner_officer",
        }
    }
}

/// What a role is granted for: SUS called this an uppdrag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "code", rename_all = "snake_case")]
pub enum Scope {
    /// The whole installation (system admin, auditor).
    Installation,
    /// One samordningsförbund, by code.
    Association(String),
    /// One anordnare, by code.
    Provider(String),
    /// One insats, by code.
    Intervention(String),
}

impl Scope {
    /// The kind as stored (`installation`, `association`, `provider`, `intervention`).
    pub fn kind(&self) -> &'static str {
        match self {
            Scope::Installation => "installation",
            Scope::Association(_) => "association",
            Scope::Provider(_) => "provider",
            Scope::Intervention(_) => "intervention",
        }
    }

    /// The code of the organisation or intervention, empty for the installation.
    pub fn code(&self) -> &str {
        match self {
            Scope::Installation => "",
            Scope::Association(c) | Scope::Provider(c) | Scope::Intervention(c) => c,
        }
    }

    /// Rebuilds a scope from its stored kind and code.
    pub fn from_parts(kind: &str, code: &str) -> Result<Self, FieldError> {
        // Organisation codes are upper case (NK, SFU); accept them typed in lower case.
        let code = code.trim().to_uppercase();
        let scope = match kind {
            "installation" => return Ok(Scope::Installation),
            "association" => Scope::Association(code),
            "provider" => Scope::Provider(code),
            "intervention" => Scope::Intervention(code),
            other => {
                return Err(FieldError::with_detail(
                    "scope",
                    "error.scope.unknown",
                    other,
                ));
            }
        };
        if scope.code().is_empty() {
            return Err(FieldError::new("scope", "error.scope.code_missing"));
        }
        Ok(scope)
    }

    /// Parses the CLI form: `installation`, or `KIND:CODE` such as `intervention:NK`.
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        match text.split_once(':') {
            Some((kind, code)) => Scope::from_parts(kind.trim(), code),
            None => Scope::from_parts(text.trim(), ""),
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Installation => f.write_str("installation"),
            other => write!(f, "{}:{}", other.kind(), other.code()),
        }
    }
}

/// One role granted to one account for one scope.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleAssignment {
    /// The role.
    pub role: Role,
    /// What it is granted for.
    pub scope: Scope,
}

impl RoleAssignment {
    /// Checks that a role fits its scope: installation roles are granted for the
    /// installation, organisation roles for an association, provider or intervention.
    pub fn new(role: Role, scope: Scope) -> Result<Self, FieldError> {
        let fits = match role {
            Role::SystemAdmin | Role::Auditor => scope == Scope::Installation,
            Role::AssociationAdmin | Role::PreparatoryGroup => {
                matches!(scope, Scope::Association(_))
            }
            Role::InterventionLead | Role::Coach => {
                matches!(scope, Scope::Intervention(_) | Scope::Provider(_))
            }
            Role::PartnerOfficer => !matches!(scope, Scope::Installation),
        };
        if fits {
            Ok(Self { role, scope })
        } else {
            Err(FieldError::with_detail(
                "scope",
                "error.scope.wrong_for_role",
                role.code(),
            ))
        }
    }
}

impl RoleAssignment {
    /// Reads a role code and a scope as typed (`coach`, `intervention:NK`); an empty
    /// scope means the whole installation. Shared by the forms, the API and the CLI.
    pub fn from_text(role: &str, scope: &str) -> Result<Self, FieldError> {
        if role.trim().is_empty() {
            return Err(FieldError::new("role", "error.users.choose_role"));
        }
        let role = Role::parse(role)?;
        let scope = if scope.trim().is_empty() {
            Scope::Installation
        } else {
            Scope::parse(scope)?
        };
        RoleAssignment::new(role, scope)
    }
}

/// Checks a whole set of roles for one account: a förbund-side role is never
/// combined with a role that sees personal data, whatever their scopes. The rule
/// itself lives in [`crate::two_layers`].
pub use crate::two_layers::check_combination;

/// True when the account must pass a second factor before it may do anything.
pub fn needs_second_factor(roles: &[RoleAssignment]) -> bool {
    roles.iter().any(|a| a.role.requires_second_factor())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()).unwrap(), role);
        }
        assert_eq!(
            Role::parse("chef").unwrap_err().message_key,
            "error.role.unknown"
        );
    }

    #[test]
    fn association_admin_and_coach_cannot_combine() {
        let admin =
            RoleAssignment::new(Role::AssociationAdmin, Scope::Association("SFU".into())).unwrap();
        let coach = RoleAssignment::new(Role::Coach, Scope::Intervention("NK".into())).unwrap();
        assert!(check_combination(std::slice::from_ref(&admin)).is_ok());
        assert_eq!(
            check_combination(&[admin, coach]).unwrap_err().message_key,
            "error.role.two_layers"
        );
    }

    #[test]
    fn scope_must_fit_role() {
        assert!(RoleAssignment::new(Role::SystemAdmin, Scope::Installation).is_ok());
        assert!(RoleAssignment::new(Role::SystemAdmin, Scope::Association("SFU".into())).is_err());
        assert!(RoleAssignment::new(Role::Coach, Scope::Installation).is_err());
    }

    #[test]
    fn scope_parses_cli_form() {
        assert_eq!(
            Scope::parse("intervention:NK").unwrap(),
            Scope::Intervention("NK".into())
        );
        assert_eq!(Scope::parse("installation").unwrap(), Scope::Installation);
        assert!(Scope::parse("intervention:").is_err());
        assert!(Scope::parse("planet:X").is_err());
    }

    #[test]
    fn second_factor_for_personal_data_roles() {
        assert!(Role::Coach.requires_second_factor());
        assert!(Role::Auditor.requires_second_factor());
        assert!(Role::SystemAdmin.requires_second_factor());
        assert!(!Role::AssociationAdmin.requires_second_factor());
        assert!(!Role::PreparatoryGroup.requires_second_factor());
        assert!(!Role::AssociationAdmin.sees_personal_data());
    }
}
