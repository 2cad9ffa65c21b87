//! The analysis pool: a fixed set of threads for the CPU-bound work (scan,
//! compare, trace, quotes), off the threads that handle connections, with
//! admission control. At most `max_pending` requests are admitted (running
//! or queued); past that, and for a request that waited in the queue longer
//! than `queue_timeout`, the answer is 503 at once. Under overload the
//! server sheds work instead of queueing without bound, so its memory and
//! the latency of what it does answer stay bounded.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, oneshot};

use crate::error::ApiError;

/// Threads and admission limits of the analysis pool.
pub struct Pool {
    threads: rayon::ThreadPool,
    admit: Arc<Semaphore>,
    max_pending: usize,
    queue_timeout: Duration,
    shed: Arc<AtomicU64>,
}

impl Pool {
    /// A pool of `workers` threads admitting `max_pending` requests.
    pub fn new(
        workers: usize,
        max_pending: usize,
        queue_timeout: Duration,
    ) -> anyhow::Result<Pool> {
        let threads = rayon::ThreadPoolBuilder::new()
            .num_threads(workers.max(1))
            .thread_name(|i| format!("unspin-analysis-{i}"))
            .build()?;
        let max_pending = max_pending.max(1);
        Ok(Pool {
            threads,
            admit: Arc::new(Semaphore::new(max_pending)),
            max_pending,
            queue_timeout,
            shed: Arc::new(AtomicU64::new(0)),
        })
    }

    /// Runs `work` on the pool and gives its result, or 503 when the pool
    /// is full or the request waited too long for a thread. A panic in
    /// `work` is answered 500 (and logged by the panic hook).
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let Ok(permit) = self.admit.clone().try_acquire_owned() else {
            self.shed.fetch_add(1, Ordering::Relaxed);
            return Err(ApiError::busy());
        };
        let (tx, rx) = oneshot::channel();
        let queued = Instant::now();
        let queue_timeout = self.queue_timeout;
        let shed = self.shed.clone();
        self.threads.spawn(move || {
            let result = if tx.is_closed() {
                // The client is gone (or its time ran out): skip the work.
                return;
            } else if queued.elapsed() > queue_timeout {
                shed.fetch_add(1, Ordering::Relaxed);
                Err(ApiError::busy())
            } else {
                std::panic::catch_unwind(AssertUnwindSafe(work)).map_err(|_| ApiError::internal())
            };
            // Free the place before answering, so that a client sending its
            // next request at once finds it free.
            drop(permit);
            let _ = tx.send(result);
        });
        rx.await.unwrap_or_else(|_| Err(ApiError::internal()))
    }

    /// Requests admitted and not yet answered (running or queued).
    pub fn pending(&self) -> usize {
        self.max_pending - self.admit.available_permits()
    }

    /// Requests answered 503 because the pool was full or slow.
    pub fn shed(&self) -> u64 {
        self.shed.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_work_and_sheds_past_the_limit() {
        let pool = Arc::new(Pool::new(1, 2, Duration::from_secs(10)).unwrap());
        assert_eq!(pool.run(|| 6 * 7).await, Ok(42));
        // Hold the only thread, fill the queue, then one more is shed.
        let (release, wait) = std::sync::mpsc::channel::<()>();
        let p = pool.clone();
        let first = tokio::spawn(async move {
            p.run(move || {
                let _ = wait.recv();
                1
            })
            .await
        });
        while pool.pending() < 1 {
            tokio::task::yield_now().await;
        }
        let p = pool.clone();
        let second = tokio::spawn(async move { p.run(|| 2).await });
        while pool.pending() < 2 {
            tokio::task::yield_now().await;
        }
        let third = pool.run(|| 3).await;
        assert_eq!(
            third.unwrap_err().status,
            axum::http::StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(pool.shed(), 1);
        release.send(()).unwrap();
        assert_eq!(first.await.unwrap(), Ok(1));
        assert_eq!(second.await.unwrap(), Ok(2));
        assert_eq!(pool.pending(), 0);
    }

    #[tokio::test]
    async fn a_panic_is_an_internal_error() {
        let pool = Pool::new(1, 4, Duration::from_secs(10)).unwrap();
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let r: Result<u8, _> = pool.run(|| panic!("boom")).await;
        std::panic::set_hook(prev);
        assert_eq!(r.unwrap_err().code, "internal");
        assert_eq!(pool.run(|| 5).await, Ok(5));
    }

    #[tokio::test]
    async fn a_request_that_waited_too_long_is_shed() {
        let pool = Arc::new(Pool::new(1, 4, Duration::from_millis(20)).unwrap());
        let p = pool.clone();
        let slow = tokio::spawn(async move {
            p.run(|| std::thread::sleep(Duration::from_millis(300)))
                .await
        });
        while pool.pending() < 1 {
            tokio::task::yield_now().await;
        }
        let late = pool.run(|| 1).await;
        assert_eq!(late.unwrap_err().code, "overloaded");
        slow.await.unwrap().unwrap();
    }
}
