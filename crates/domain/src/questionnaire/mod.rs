//! Questionnaires participants answer on their own phone (SPEC 9): versioned
//! instruments, the built-in instrument in plain Swedish, and readability.

pub mod builtin;
pub mod experience;
pub mod instrument;
pub mod invitation;
pub mod lix;
pub mod response;
pub mod supplement;
