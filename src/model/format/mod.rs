//! placeholder
#[derive(Debug, thiserror::Error)]
pub enum ModelFormatError { #[error("x")] X }
pub fn decode(_b: &[u8]) -> Result<super::Model, ModelFormatError> { Err(ModelFormatError::X) }
