//! placeholder
pub fn parse(_src: &str) -> super::Structure {
    super::Structure::default()
}
