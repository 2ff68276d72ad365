//! Widgets shared by several screens.

pub mod card_list;
pub mod choice;
pub mod field;
pub mod header;
pub mod lang_switch;
pub mod lost_decision;
pub mod loyalty_bits;
pub mod prospect_bits;
pub mod record_page;
pub mod referrer_picker;
pub mod report_table;
pub mod screen_page;
pub mod visit_fields;
