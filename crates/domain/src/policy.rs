//! The authorization policy: which roles may do what. Services ask it before
//! every operation; routes only repeat what it says.

use crate::intervention::Intervention;
use crate::{Role, RoleAssignment, Scope};

/// Something a person may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Create, disable and reset accounts; grant roles.
    ManageAccounts,
    /// Read and export the access log.
    ReadAuditLog,
}

/// True when the roles give any view of the organisation (the overview page).
pub fn can_view_organisation(roles: &[RoleAssignment]) -> bool {
    roles.iter().any(|a| {
        matches!(
            a.role,
            Role::SystemAdmin
                | Role::AssociationAdmin
                | Role::PreparatoryGroup
                | Role::InterventionLead
                | Role::Coach
        )
    })
}

/// True when the roles let a person see an association's page (organisation,
/// members, interventions, aggregate figures; never person rows).
pub fn can_view_association(roles: &[RoleAssignment], code: &str) -> bool {
    roles.iter().any(|a| match a.role {
        Role::SystemAdmin => true,
        Role::AssociationAdmin | Role::PreparatoryGroup => {
            a.scope == Scope::Association(code.into())
        }
        _ => false,
    })
}

/// True when the roles let a person change an association's facts and members.
pub fn can_edit_association(roles: &[RoleAssignment], code: &str) -> bool {
    roles.iter().any(|a| match a.role {
        Role::SystemAdmin => true,
        Role::AssociationAdmin => a.scope == Scope::Association(code.into()),
        _ => false,
    })
}

/// True when the roles let a person define an association's supplementary
/// questions: its association administrator, and no one else.
pub fn can_define_supplementary_questions(roles: &[RoleAssignment], code: &str) -> bool {
    roles
        .iter()
        .any(|a| a.role == Role::AssociationAdmin && a.scope == Scope::Association(code.into()))
}

/// True when the roles reach an intervention: through one of its associations,
/// its provider, or the intervention itself.
fn reaches(a: &RoleAssignment, iv: &Intervention) -> bool {
    match &a.scope {
        Scope::Installation => false,
        Scope::Association(c) => iv.associations.contains(c),
        Scope::Provider(c) => *c == iv.provider,
        Scope::Intervention(c) => *c == iv.code,
    }
}

/// True when the roles let a person see an intervention's page.
pub fn can_view_intervention(roles: &[RoleAssignment], iv: &Intervention) -> bool {
    roles.iter().any(|a| match a.role {
        Role::SystemAdmin => true,
        Role::AssociationAdmin | Role::PreparatoryGroup | Role::InterventionLead | Role::Coach => {
            reaches(a, iv)
        }
        Role::Auditor | Role::PartnerOfficer => false,
    })
}

/// True when the roles let a person change an intervention (its lead, its
/// association's administrator, or a system administrator).
pub fn can_edit_intervention(roles: &[RoleAssignment], iv: &Intervention) -> bool {
    roles.iter().any(|a| match a.role {
        Role::SystemAdmin => true,
        Role::AssociationAdmin | Role::InterventionLead => reaches(a, iv),
        _ => false,
    })
}

/// True when the roles let a person plan and release payments to an intervention's
/// provider: an administrator of an association that funds it.
pub fn can_pay_provider(roles: &[RoleAssignment], iv: &Intervention) -> bool {
    roles.iter().any(|a| {
        a.role == Role::AssociationAdmin
            && matches!(&a.scope, Scope::Association(c) if iv.associations.contains(c))
    })
}

/// True when the roles let a person certify (intyga) a payment: the provider's
/// manager, that is the intervention's lead.
pub fn can_certify_payment(roles: &[RoleAssignment], iv: &Intervention) -> bool {
    leads(roles, iv)
}

/// True when the roles allow a change of which associations fund an intervention or
/// which provider runs it: every association added or removed, and for a new provider
/// every association involved, must be the person's own as association administrator.
/// Leads and coaches never change these; system administrators always may.
pub fn can_change_reach(roles: &[RoleAssignment], old: &Intervention, new: &Intervention) -> bool {
    if roles.iter().any(|a| a.role == Role::SystemAdmin) {
        return true;
    }
    let admin_of = |code: &String| {
        roles.iter().any(|a| {
            a.role == Role::AssociationAdmin && a.scope == Scope::Association(code.clone())
        })
    };
    let added_or_removed = old
        .associations
        .iter()
        .filter(|c| !new.associations.contains(c))
        .chain(
            new.associations
                .iter()
                .filter(|c| !old.associations.contains(c)),
        );
    let mut changed = added_or_removed.peekable();
    let provider_changed = old.provider != new.provider;
    if changed.peek().is_none() && !provider_changed {
        return true;
    }
    changed.all(&admin_of)
        && (!provider_changed
            || old
                .associations
                .iter()
                .chain(&new.associations)
                .all(admin_of))
}

/// True when the roles let a person create interventions for an association.
pub fn can_create_intervention(roles: &[RoleAssignment], association: &str) -> bool {
    can_edit_association(roles, association)
}

/// True when the roles let a person define own process templates (leads and system administrators).
pub fn can_define_templates(roles: &[RoleAssignment]) -> bool {
    roles
        .iter()
        .any(|a| matches!(a.role, Role::SystemAdmin | Role::InterventionLead))
}

/// True when the roles let a person import or export the whole organisation set-up.
pub fn can_manage_setup(roles: &[RoleAssignment]) -> bool {
    roles.iter().any(|a| a.role == Role::SystemAdmin)
}

/// True when the roles let a person work with an intervention's participants:
/// coaches and leads granted for the intervention or for the provider running it.
/// Association-level grants never reach personal data (SPEC 1: the förbund has no
/// legal basis for it).
pub fn can_work_with_participants(roles: &[RoleAssignment], iv: &Intervention) -> bool {
    roles.iter().any(|a| {
        matches!(a.role, Role::Coach | Role::InterventionLead)
            && match &a.scope {
                Scope::Provider(c) => *c == iv.provider,
                Scope::Intervention(c) => *c == iv.code,
                _ => false,
            }
    })
}

/// True when any role works with participants at all (coach or lead): the caseload,
/// search and the employer register are theirs.
pub fn works_with_participants(roles: &[RoleAssignment]) -> bool {
    roles
        .iter()
        .any(|a| matches!(a.role, Role::Coach | Role::InterventionLead))
}

/// True when the roles let a person approve rehab-fund spending: the intervention's
/// lead (the coordinator).
pub fn can_approve_rehab_fund(roles: &[RoleAssignment], iv: &Intervention) -> bool {
    leads(roles, iv)
}

/// True when the roles let a person import participations into the intervention:
/// its lead (the CLI always may).
pub fn can_import_into(roles: &[RoleAssignment], iv: &Intervention) -> bool {
    leads(roles, iv)
}

/// True when a grant of `role` reaches the intervention, directly or through its provider.
fn holds(roles: &[RoleAssignment], role: Role, iv: &Intervention) -> bool {
    roles.iter().any(|a| {
        a.role == role
            && match &a.scope {
                Scope::Provider(c) => *c == iv.provider,
                Scope::Intervention(c) => *c == iv.code,
                _ => false,
            }
    })
}

/// True when a lead grant reaches the intervention, directly or through its provider.
pub fn leads(roles: &[RoleAssignment], iv: &Intervention) -> bool {
    holds(roles, Role::InterventionLead, iv)
}

/// True when a coach grant reaches the intervention, directly or through its provider.
pub fn coaches(roles: &[RoleAssignment], iv: &Intervention) -> bool {
    holds(roles, Role::Coach, iv)
}

/// True when a partner-officer grant reaches the intervention (through an association,
/// the provider or the intervention itself). What they then see is limited by consent.
pub fn partner_reaches(roles: &[RoleAssignment], iv: &Intervention) -> bool {
    roles
        .iter()
        .any(|a| a.role == Role::PartnerOfficer && reaches(a, iv))
}

/// True when any of `roles` grants `permission`.
pub fn permits(roles: &[RoleAssignment], permission: Permission) -> bool {
    roles.iter().any(|a| match permission {
        Permission::ManageAccounts => a.role == Role::SystemAdmin,
        Permission::ReadAuditLog => a.role == Role::Auditor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scope;

    #[test]
    fn association_roles_reach_only_their_association() {
        let iv = Intervention::natkraft_example();
        let sfu =
            RoleAssignment::new(Role::AssociationAdmin, Scope::Association("SFU".into())).unwrap();
        let hsf =
            RoleAssignment::new(Role::AssociationAdmin, Scope::Association("HSF".into())).unwrap();
        let lead =
            RoleAssignment::new(Role::InterventionLead, Scope::Intervention("NK".into())).unwrap();
        let coach_other =
            RoleAssignment::new(Role::Coach, Scope::Intervention("GT".into())).unwrap();
        let auditor = RoleAssignment::new(Role::Auditor, Scope::Installation).unwrap();
        assert!(can_view_association(std::slice::from_ref(&sfu), "SFU"));
        assert!(!can_view_association(std::slice::from_ref(&hsf), "SFU"));
        assert!(can_edit_intervention(std::slice::from_ref(&sfu), &iv));
        assert!(!can_edit_intervention(std::slice::from_ref(&hsf), &iv));
        assert!(can_edit_intervention(std::slice::from_ref(&lead), &iv));
        assert!(!can_edit_association(std::slice::from_ref(&lead), "SFU"));
        assert!(!can_view_intervention(
            std::slice::from_ref(&coach_other),
            &iv
        ));
        assert!(!can_view_intervention(std::slice::from_ref(&auditor), &iv));
        let mut shared = iv.clone();
        shared.associations.push("HSF".into());
        assert!(
            !can_change_reach(std::slice::from_ref(&sfu), &iv, &shared),
            "SFU cannot add HSF"
        );
        let hsf_only = Intervention {
            associations: vec!["HSF".into()],
            ..iv.clone()
        };
        assert!(
            !can_change_reach(std::slice::from_ref(&hsf), &shared, &hsf_only),
            "HSF cannot remove SFU"
        );
        assert!(
            can_change_reach(std::slice::from_ref(&hsf), &shared, &iv),
            "HSF may withdraw itself"
        );
        assert!(can_change_reach(&[sfu.clone(), hsf.clone()], &iv, &shared));
        assert!(!can_change_reach(std::slice::from_ref(&lead), &iv, &shared));
        let mut moved = iv.clone();
        moved.provider = "AF-UMEA".into();
        assert!(can_change_reach(std::slice::from_ref(&sfu), &iv, &moved));
        assert!(!can_change_reach(std::slice::from_ref(&lead), &iv, &moved));
        assert!(can_change_reach(std::slice::from_ref(&lead), &iv, &iv));
    }

    #[test]
    fn only_system_admin_manages_accounts() {
        let admin = RoleAssignment::new(Role::SystemAdmin, Scope::Installation).unwrap();
        let coach = RoleAssignment::new(Role::Coach, Scope::Intervention("NK".into())).unwrap();
        assert!(permits(
            std::slice::from_ref(&admin),
            Permission::ManageAccounts
        ));
        assert!(!permits(&[coach], Permission::ManageAccounts));
        assert!(!permits(&[admin], Permission::ReadAuditLog));
        assert!(!permits(&[], Permission::ReadAuditLog));
    }
}
