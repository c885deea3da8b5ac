//! A streaming, parallel, ordered map: items come from an iterator, are mapped on a rayon
//! pool, and reach a [`Sink`] in input order, with a bounded number in flight.
//!
//! The split follows ripgrep's searcher and sink: the pipeline decides *how* work runs
//! (threads, order, how much is held) and never writes anything itself; the sink decides
//! what becomes of each result (a JSONL line, a summary, a progress tick). That keeps the
//! pipeline testable on its own and lets `audit` and `audit --pipe` share it.
//!
//! The calling thread reads items, hands each to the pool as its own job, and passes
//! results to the sink as soon as every earlier one has arrived. There is no barrier
//! between batches: while one slow page (a 5 MB HTML dump) is being scored, the other
//! threads go on with the pages after it, up to the [`Window`]. The window bounds the
//! items between the reader and the sink — being mapped or finished and waiting for an
//! earlier one — by count and by weight, and the weight being mapped at once, so memory
//! stays flat whatever the input size.
//!
//! ```
//! use spamspan::pipeline::{self, Window};
//!
//! let mut out: Vec<u64> = Vec::new();
//! pipeline::run(None, 1..=1000u64, Window::default(), |_| 1, |n| n * n, &mut out).unwrap();
//! assert_eq!(out.len(), 1000);
//! assert_eq!(out[9], 100); // in input order
//! ```

use std::collections::VecDeque;
use std::convert::Infallible;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use rayon::{Scope, ThreadPool};

/// Where the pipeline's results go, one at a time and in input order. The sink runs on
/// the calling thread, so it need not be `Send`.
pub trait Sink<T> {
    type Error;

    /// Take the next result. An error stops the pipeline, which returns it.
    fn accept(&mut self, item: T) -> Result<(), Self::Error>;

    /// Called after every [`Window::max_items`] results and after the last: a chance to
    /// flush output or redraw progress without doing it per item.
    fn batch_done(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// Collects results in order; for tests and small inputs.
impl<T> Sink<T> for Vec<T> {
    type Error = Infallible;

    fn accept(&mut self, item: T) -> Result<(), Infallible> {
        self.push(item);
        Ok(())
    }
}

/// How much may be between the reader and the sink at once: at most `max_items` items,
/// and no more weight (bytes of text, say) than `max_weight` — except that one item
/// always fits, however heavy.
///
/// Mapping takes memory too, and far more than waiting: a page's features are tens of
/// bytes per byte of text. So the weight being mapped at once is bounded as well, by
/// `mapping_weight_per_thread` times the pool's threads; an item that would pass the bound
/// waits for a running one to finish, unless nothing is running. Without that bound, peak
/// memory is set by the heaviest pages that happen to be mapped together, which a longer
/// crawl makes likelier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub max_items: usize,
    pub max_weight: usize,
    pub mapping_weight_per_thread: usize,
}

impl Default for Window {
    /// 256 documents or 64 MiB of text: room for the threads to work past a slow page,
    /// small enough to stay a few dozen megabytes on any crawl. A MiB of text mapped per
    /// thread: pages are rarely heavier, so the threads are seldom held back (bench/compare's
    /// 100 MB on two threads: as fast as without the bound; half a MiB cost 6 %).
    fn default() -> Self {
        Window {
            max_items: 256,
            max_weight: 64 << 20,
            mapping_weight_per_thread: 1 << 20,
        }
    }
}

/// Map every item of `items` with `map` on `pool` (the global pool when `None`) and hand
/// the results to `sink` in input order. `weigh` gives an item's weight for the
/// [`Window`]. Call it from outside the pool: the calling thread reads and waits.
///
/// Returns the first sink error; items after it are not read. A panic in `map` is
/// raised again here.
pub fn run<I, T, U, W, M, S>(
    pool: Option<&ThreadPool>,
    items: I,
    window: Window,
    weigh: W,
    map: M,
    sink: &mut S,
) -> Result<(), S::Error>
where
    I: IntoIterator<Item = T>,
    T: Send,
    U: Send,
    W: Fn(&T) -> usize,
    M: Fn(T) -> U + Sync,
    S: Sink<U>,
{
    let (map, weigh, items) = (&map, &weigh, items.into_iter());
    let threads = pool.map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
    let budget = window
        .mapping_weight_per_thread
        .saturating_mul(threads.max(1));
    match pool {
        Some(pool) => {
            pool.in_place_scope(|scope| drive(scope, items, window, budget, weigh, map, sink))
        }
        None => {
            rayon::in_place_scope(|scope| drive(scope, items, window, budget, weigh, map, sink))
        }
    }
}

/// A finished job: its sequence number and its result, or its panic.
type Done<U> = (u64, thread::Result<U>);

fn drive<'scope, I, T, U, W, M, S>(
    scope: &Scope<'scope>,
    items: I,
    window: Window,
    mapping_budget: usize,
    weigh: &W,
    map: &'scope M,
    sink: &mut S,
) -> Result<(), S::Error>
where
    I: Iterator<Item = T>,
    T: Send + 'scope,
    U: Send + 'scope,
    W: Fn(&T) -> usize,
    M: Fn(T) -> U + Sync,
    S: Sink<U>,
{
    let (tx, rx): (Sender<Done<U>>, Receiver<Done<U>>) = mpsc::channel();
    let mut queue = Reorder::new(window.max_items.max(1));
    for item in items {
        let weight = weigh(&item);
        while queue.is_full(weight, window) || queue.is_busy(weight, mapping_budget) {
            match rx.recv() {
                Ok(done) => queue.arrive(done),
                Err(_) => break,
            }
            queue.deliver(sink)?;
        }
        let seq = queue.push(weight);
        let tx = tx.clone();
        scope.spawn(move |_| {
            let result = panic::catch_unwind(AssertUnwindSafe(|| map(item)));
            // The receiver outlives the scope; a failed send means nothing is listening.
            let _ = tx.send((seq, result));
        });
        while let Ok(done) = rx.try_recv() {
            queue.arrive(done);
        }
        queue.deliver(sink)?;
    }
    while !queue.is_empty() {
        match rx.recv() {
            Ok(done) => queue.arrive(done),
            Err(_) => break,
        }
        queue.deliver(sink)?;
    }
    sink.batch_done()
}

/// The items in flight, in input order: each slot holds its weight and, once mapped, its
/// result. Results leave from the front only, so the sink sees input order.
struct Reorder<U> {
    /// Sequence number of the front slot.
    base: u64,
    slots: VecDeque<(usize, Option<U>)>,
    weight: usize,
    /// Weight of the items being mapped (pushed, not yet arrived).
    mapping: usize,
    /// Results delivered since the last `batch_done`.
    since_batch: usize,
    batch: usize,
}

impl<U> Reorder<U> {
    fn new(batch: usize) -> Self {
        Reorder {
            base: 0,
            slots: VecDeque::new(),
            weight: 0,
            mapping: 0,
            since_batch: 0,
            batch,
        }
    }

    fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Whether an item of `weight` must wait for room.
    fn is_full(&self, weight: usize, window: Window) -> bool {
        !self.slots.is_empty()
            && (self.slots.len() >= window.max_items
                || self.weight.saturating_add(weight) > window.max_weight)
    }

    /// Whether an item of `weight` must wait for a running one to finish.
    fn is_busy(&self, weight: usize, budget: usize) -> bool {
        self.mapping > 0 && self.mapping.saturating_add(weight) > budget
    }

    /// Reserve the next slot; returns its sequence number.
    fn push(&mut self, weight: usize) -> u64 {
        self.slots.push_back((weight, None));
        self.weight = self.weight.saturating_add(weight);
        self.mapping = self.mapping.saturating_add(weight);
        self.base + self.slots.len() as u64 - 1
    }

    /// Store a finished job's result; a panic in the job is raised again here.
    fn arrive(&mut self, (seq, result): Done<U>) {
        let result = result.unwrap_or_else(|payload| panic::resume_unwind(payload));
        let index = (seq - self.base) as usize;
        if let Some(slot) = self.slots.get_mut(index) {
            self.mapping = self.mapping.saturating_sub(slot.0);
            slot.1 = Some(result);
        }
    }

    /// Hand every result at the front to the sink.
    fn deliver<S: Sink<U>>(&mut self, sink: &mut S) -> Result<(), S::Error> {
        while self.slots.front().is_some_and(|s| s.1.is_some()) {
            let Some((weight, Some(result))) = self.slots.pop_front() else {
                break;
            };
            self.base += 1;
            self.weight -= weight;
            sink.accept(result)?;
            self.since_batch += 1;
            if self.since_batch >= self.batch {
                self.since_batch = 0;
                sink.batch_done()?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn pool(threads: usize) -> ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool")
    }

    #[test]
    fn results_arrive_in_input_order_with_any_thread_count() {
        for threads in [1, 2, 4] {
            let pool = pool(threads);
            for max_items in [1, 3, 256] {
                let window = Window {
                    max_items,
                    max_weight: usize::MAX,
                    ..Window::default()
                };
                let mut out = Vec::new();
                let uneven = |n: u32| {
                    // Uneven work, so that later items often finish first.
                    std::hint::black_box((0..(n % 7) * 2000).sum::<u32>());
                    n
                };
                run(Some(&pool), 0..1000u32, window, |_| 1, uneven, &mut out).unwrap();
                assert_eq!(out, (0..1000).collect::<Vec<_>>(), "threads {threads}");
            }
        }
    }

    #[test]
    fn empty_input_calls_nothing_but_the_last_batch_done() {
        let mut out: Vec<u8> = Vec::new();
        run(
            None,
            std::iter::empty::<u8>(),
            Window::default(),
            |_| 1,
            |x| x,
            &mut out,
        )
        .unwrap();
        assert!(out.is_empty());
    }

    /// Counts how far reading has run ahead of the sink.
    struct Ahead<'a> {
        read: &'a AtomicUsize,
        seen: usize,
        max_ahead: usize,
        batches: usize,
    }

    impl Sink<usize> for Ahead<'_> {
        type Error = Infallible;
        fn accept(&mut self, _: usize) -> Result<(), Infallible> {
            self.seen += 1;
            let ahead = self.read.load(Ordering::SeqCst) - self.seen;
            self.max_ahead = self.max_ahead.max(ahead);
            Ok(())
        }
        fn batch_done(&mut self) -> Result<(), Infallible> {
            self.batches += 1;
            Ok(())
        }
    }

    fn ahead(window: Window, weight: usize, n: usize) -> (usize, usize) {
        let read = AtomicUsize::new(0);
        let items = (0..n).inspect(|_| {
            read.fetch_add(1, Ordering::SeqCst);
        });
        let mut sink = Ahead {
            read: &read,
            seen: 0,
            max_ahead: 0,
            batches: 0,
        };
        let slow_first = |x: usize| {
            if x.is_multiple_of(97) {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            x
        };
        run(
            Some(&pool(2)),
            items,
            window,
            |_| weight,
            slow_first,
            &mut sink,
        )
        .unwrap();
        assert_eq!(sink.seen, n);
        (sink.max_ahead, sink.batches)
    }

    #[test]
    fn items_in_flight_stay_within_the_window() {
        let window = Window {
            max_items: 50,
            max_weight: usize::MAX,
            ..Window::default()
        };
        let (max_ahead, batches) = ahead(window, 1, 2_000);
        // In flight, plus the one item read and waiting for room.
        assert!(max_ahead <= 50 + 1, "{max_ahead} ahead");
        assert_eq!(batches, 2_000 / 50 + 1);
        let heavy = Window {
            max_items: 1000,
            max_weight: 10,
            ..Window::default()
        };
        // Weight 4: two items in flight (8), a third would pass 10.
        let (max_ahead, _) = ahead(heavy, 4, 300);
        assert!(max_ahead <= 2 + 1, "{max_ahead} ahead");
    }

    /// The heaviest weight seen being mapped at once, on two threads.
    fn heaviest_mapped_at_once(per_thread: usize, weights: &[usize]) -> usize {
        let (running, heaviest) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let window = Window {
            mapping_weight_per_thread: per_thread,
            ..Window::default()
        };
        let map = |w: usize| {
            let now = running.fetch_add(w, Ordering::SeqCst) + w;
            heaviest.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_micros(300));
            running.fetch_sub(w, Ordering::SeqCst);
            w
        };
        let mut out = Vec::new();
        run(
            Some(&pool(2)),
            weights.iter().copied(),
            window,
            |&w| w,
            map,
            &mut out,
        )
        .unwrap();
        assert_eq!(out, weights, "every item, in order");
        heaviest.into_inner()
    }

    #[test]
    fn weight_being_mapped_stays_within_the_budget() {
        // Budget 2 x 5 = 10: two items of 4 run together, two of 6 never do.
        assert_eq!(heaviest_mapped_at_once(5, &[4; 200]), 8);
        assert_eq!(heaviest_mapped_at_once(5, &[6; 200]), 6);
        // An item heavier than the whole budget still runs, alone.
        let mixed: Vec<usize> = (0..200).map(|i| if i % 10 == 0 { 25 } else { 3 }).collect();
        assert_eq!(heaviest_mapped_at_once(5, &mixed), 25);
    }

    struct FailAt(usize, usize);

    impl Sink<usize> for FailAt {
        type Error = String;
        fn accept(&mut self, x: usize) -> Result<(), String> {
            self.1 += 1;
            if x == self.0 {
                return Err(format!("stop at {x}"));
            }
            Ok(())
        }
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let mut sink = FailAt(5, 0);
        let err = run(
            None,
            0..1_000_000usize,
            Window::default(),
            |_| 1,
            |x| x,
            &mut sink,
        );
        assert_eq!(err, Err("stop at 5".to_string()));
        assert_eq!(sink.1, 6);
    }

    #[test]
    #[should_panic(expected = "map failed on 7")]
    fn a_panic_in_map_reaches_the_caller() {
        let mut out = Vec::new();
        let _ = run(
            Some(&pool(2)),
            0..100u32,
            Window::default(),
            |_| 1,
            |x| {
                assert_ne!(x, 7, "map failed on {x}");
                x
            },
            &mut out,
        );
    }
}
