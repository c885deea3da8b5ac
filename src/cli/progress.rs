//! The audit's progress bar: documents, bytes read, rate and, when the inputs' total size
//! is known up front, a bar with an ETA. Drawn on stderr only when stderr is a terminal,
//! so redirected or piped runs (CI, Spark, `2> log`) never see control sequences.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use spamspan::io::crawl::ByteMeter;

/// How often the position and message are refreshed.
const REFRESH: Duration = Duration::from_millis(100);

pub struct Progress {
    bar: ProgressBar,
    meter: ByteMeter,
    docs: u64,
    started: Instant,
    last: Instant,
}

impl Progress {
    /// A progress bar on stderr, or `None` when quiet or when stderr is not a terminal.
    /// `total` gives the inputs' size in bytes, when known; it is only asked for when a
    /// bar is drawn, since it walks every input directory.
    pub fn start(
        quiet: bool,
        total: impl FnOnce() -> Option<u64>,
        meter: ByteMeter,
    ) -> Option<Progress> {
        if quiet || !std::io::stderr().is_terminal() {
            return None;
        }
        let (bar, template) = match total() {
            Some(total) => (
                ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
                "{spinner} [{wide_bar}] {bytes}/{total_bytes} {binary_bytes_per_sec} \
                 ETA {eta} · {msg}",
            ),
            None => (
                ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                "{spinner} {elapsed_precise} {bytes} read, {binary_bytes_per_sec} · {msg}",
            ),
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(250));
        let now = Instant::now();
        Some(Progress {
            bar,
            meter,
            docs: 0,
            started: now,
            last: now,
        })
    }

    /// One more document audited.
    pub fn document(&mut self) {
        self.docs += 1;
        if self.last.elapsed() >= REFRESH {
            self.refresh();
        }
    }

    fn refresh(&mut self) {
        self.last = Instant::now();
        self.bar.set_position(self.meter.get());
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!(
            "{} docs, {:.0} docs/s",
            self.docs,
            self.docs as f64 / secs
        ));
    }

    /// Print a line above the bar.
    pub fn println(&self, line: &str) {
        self.bar.println(line);
    }

    /// Take the bar off the screen.
    pub fn finish(&mut self) {
        self.refresh();
        self.bar.finish_and_clear();
    }
}
