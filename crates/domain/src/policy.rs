//! The authorization policy: which roles may do what. Services ask it before
//! every operation; routes only repeat what it says.

use crate::{Role, RoleAssignment};

/// Something a person may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Create, disable and reset accounts; grant roles.
    ManageAccounts,
    /// Read and export the access log.
    ReadAuditLog,
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
