//! Widgets shared by several screens.

pub mod coming_soon;
pub mod field;
pub mod header;
pub mod lang_switch;
pub mod prospect_bits;
pub mod screen_page;
pub mod visit_fields;
