//! The subtraction attack on the association layer (SPEC 7.4), as an attacker with
//! a linear-programming solver would make it: every shown figure is taken as given,
//! every withheld one as an unknown within what its mark says, and every way the
//! figures add up as an equation. For each `<5` the tightest bounds follow. Built on
//! its own, apart from the disclosure control it checks.

pub mod bounds;
pub mod model;
pub mod presolve;
pub mod reports;
