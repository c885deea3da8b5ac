//! What an audit of a crawl adds up to, and how it is shown: [`summary`] aggregates the
//! audited pages (counts, hosts, spam domains, the first flagged pages), [`text`] renders
//! it for a terminal and [`html`] as one self-contained page.

pub mod html;
pub mod summary;
pub mod text;

pub use html::{render_html, ReportInfo};
pub use summary::{FlaggedPage, FlaggedSpan, HostRow, HostStats, Limits, Summary};
pub use text::render_text;
