//! One record as the tool sees it: values with their exact text, paths to
//! fields, and the subject IDs a run reads and discloses.

pub mod arena;
pub mod fieldpath;
pub mod keyfold;
pub mod subjects;
pub mod value;
