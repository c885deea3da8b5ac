//! spamspan: find spam and SEO link injection inside legitimate web text, and remove it.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! io (JSONL/CSV/plain) → document (format, links, hidden blocks)
//!   → tokens (whitespace tokens with byte offsets) → features (named, sparse)
//!   → scores (linear model) → spans (decoder) → report / clean
//! ```
//!
//! Auditing a crawl: [`io::crawl`] streams the records, [`pipeline`] maps them through
//! [`audit`] in parallel and in order, and [`report`] adds the results up.
//!
//! Offsets are bytes inside the library; [`offsets`] converts them to the Unicode code
//! points that the labelled format (and Python, spaCy, doccano) uses at the edges.

pub mod audit;
pub mod clean;
pub mod detect;
pub mod document;
pub mod eval;
pub mod features;
pub mod io;
pub mod lexicon;
pub mod model;
pub mod offsets;
pub mod pipeline;
pub mod report;
pub mod scores;
pub mod spans;
pub mod synth;
pub mod tokens;
pub mod train;
pub mod unobfuscate;
pub mod urls;
