//! The two layers, as rules rather than conventions (SPEC 1 and 3; issue 20, rows
//! H1, H3 and M1). The förbund side (association administrators and the preparatory
//! group) works with aggregate figures, economy and organisation and never sees
//! personal data; the provider side (coaches, intervention leads and partner
//! officers) works with participants. Every path that grants roles or moves an
//! intervention asks the functions here, so the rule lives in one place.

use crate::intervention::Intervention;
use crate::{FieldError, Role, RoleAssignment};

/// True for the förbund-side roles: association administrator and preparatory group.
pub fn is_association_side(role: Role) -> bool {
    matches!(role, Role::AssociationAdmin | Role::PreparatoryGroup)
}

/// The first pair of roles in `roles` that crosses the two layers: a förbund-side
/// role and a role that sees personal data, whatever their scopes.
pub fn crossing_pair(roles: &[RoleAssignment]) -> Option<(Role, Role)> {
    let association = roles.iter().find(|a| is_association_side(a.role))?;
    let personal = roles.iter().find(|a| a.role.sees_personal_data())?;
    Some((association.role, personal.role))
}

/// Checks a whole set of roles for one account: a förbund-side role is never
/// combined with coach, intervention lead or partner officer, on any scope. The
/// message names both role codes.
pub fn check_combination(roles: &[RoleAssignment]) -> Result<(), FieldError> {
    match crossing_pair(roles) {
        None => Ok(()),
        Some((association, personal)) => Err(FieldError::with_detail(
            "role",
            "error.role.two_layers",
            format!("{} + {}", association.code(), personal.code()),
        )),
    }
}

/// The roles a session acts with. Should an account hold roles that cross the
/// layers (granted before the rule existed), its personal-data roles are left
/// out: it keeps its förbund-side view and sees no person rows.
pub fn effective_roles(roles: Vec<RoleAssignment>) -> Vec<RoleAssignment> {
    if crossing_pair(&roles).is_none() {
        return roles;
    }
    roles
        .into_iter()
        .filter(|a| !a.role.sees_personal_data())
        .collect()
}

/// Refuses a role that sees personal data granted by an account to itself: a
/// system administrator manages accounts, and reaching participants through its
/// own grant would step over the line it guards.
pub fn check_grant_to_self(granting_to_self: bool, role: Role) -> Result<(), FieldError> {
    if granting_to_self && role.sees_personal_data() {
        return Err(FieldError::with_detail(
            "role",
            "error.role.self_grant",
            role.code(),
        ));
    }
    Ok(())
}

/// Refuses a change of provider (anordnare) for an intervention that already holds
/// personal data (participations or referrals): the provider is the controller of
/// that data, and moving it is a transfer both providers' leads must agree to, or a
/// new intervention. The message names the field `provider` and the current provider.
pub fn check_provider_change(
    old: &Intervention,
    new: &Intervention,
    holds_personal_data: bool,
) -> Result<(), FieldError> {
    if old.provider != new.provider && holds_personal_data {
        return Err(FieldError::with_detail(
            "provider",
            "error.intervention.provider_holds_data",
            old.provider.clone(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scope;

    fn grant(role: Role, scope: Scope) -> RoleAssignment {
        RoleAssignment::new(role, scope).unwrap()
    }

    /// Every role with a scope it fits, for the combination tests.
    fn every_grant() -> Vec<RoleAssignment> {
        let scopes = [
            Scope::Installation,
            Scope::Association("SFU".into()),
            Scope::Provider("UK-SP".into()),
            Scope::Intervention("NK".into()),
        ];
        Role::ALL
            .into_iter()
            .flat_map(|r| scopes.iter().map(move |s| (r, s.clone())))
            .filter_map(|(r, s)| RoleAssignment::new(r, s).ok())
            .collect()
    }

    #[test]
    fn no_pair_of_grants_crosses_the_layers() {
        let all = every_grant();
        for a in &all {
            for b in &all {
                let pair = [a.clone(), b.clone()];
                let crosses = (is_association_side(a.role) && b.role.sees_personal_data())
                    || (is_association_side(b.role) && a.role.sees_personal_data());
                assert_eq!(check_combination(&pair).is_err(), crosses, "{a:?} + {b:?}");
                let effective = effective_roles(pair.to_vec());
                let association_side = effective.iter().any(|r| is_association_side(r.role));
                let personal = effective.iter().any(|r| r.role.sees_personal_data());
                assert!(!(association_side && personal), "{a:?} + {b:?}");
            }
        }
    }

    #[test]
    fn the_message_names_both_roles() {
        let roles = [
            grant(Role::PreparatoryGroup, Scope::Association("SFU".into())),
            grant(Role::Coach, Scope::Intervention("NK".into())),
        ];
        let e = check_combination(&roles).unwrap_err();
        assert_eq!(e.field, "role");
        assert_eq!(e.message_key, "error.role.two_layers");
        assert_eq!(e.args[0].1, "preparatory_group + coach");
    }

    #[test]
    fn effective_roles_drop_personal_data_roles_only_when_crossing() {
        let lead = grant(Role::InterventionLead, Scope::Intervention("NK".into()));
        let admin = grant(Role::AssociationAdmin, Scope::Association("SFU".into()));
        assert_eq!(
            effective_roles(vec![lead.clone()]),
            vec![lead.clone()],
            "a lead alone keeps the role"
        );
        assert_eq!(effective_roles(vec![admin.clone(), lead]), vec![admin]);
    }

    #[test]
    fn self_grants_of_personal_data_roles_are_refused() {
        for role in Role::ALL {
            let refused = check_grant_to_self(true, role).is_err();
            assert_eq!(refused, role.sees_personal_data(), "{role:?}");
            assert!(check_grant_to_self(false, role).is_ok());
        }
    }

    #[test]
    fn provider_stays_while_the_intervention_holds_personal_data() {
        let old = Intervention::natkraft_example();
        let mut moved = old.clone();
        moved.provider = "AF-UMEA".into();
        let e = check_provider_change(&old, &moved, true).unwrap_err();
        assert_eq!((e.field, e.args[0].1.as_str()), ("provider", "UK-SP"));
        assert!(check_provider_change(&old, &moved, false).is_ok());
        assert!(check_provider_change(&old, &old, true).is_ok());
    }
}
