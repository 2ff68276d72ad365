//! `embed_migrations!` reads `migrations/` at compile time, but cargo does not know that a
//! new migration folder should rebuild the server: say so.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
