//! Values kept between runs of the engine under a key that covers everything they are
//! made of (an idea's template value, a line of the search index), so a `serve` rebuild
//! after one save makes again only the values of what changed.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// The value for each key of `keys`: `cache`'s, or `make(i)` for the `i`th key where the
/// cache has none. The values made join the cache; values no longer asked for are dropped
/// when they outnumber the others, so the cache stays within about twice the site without
/// being rebuilt after every save.
pub fn reuse_or_make<V: Clone + Send + Sync>(
    cache: &mut FxHashMap<u64, V>,
    keys: &[u64],
    make: impl Fn(usize) -> V + Sync,
) -> Vec<V> {
    let found: Vec<(V, bool)> = keys
        .par_iter()
        .enumerate()
        .map(|(i, key)| match cache.get(key) {
            Some(v) => (v.clone(), false),
            None => (make(i), true),
        })
        .collect();
    let made = keys.iter().zip(&found).filter(|(_, (_, made))| *made);
    let made: Vec<(u64, V)> = made.map(|(key, (v, _))| (*key, v.clone())).collect();
    cache.extend(made);
    let values: Vec<V> = found.into_iter().map(|(v, _)| v).collect();
    if cache.len() > 2 * keys.len() + 64 {
        *cache = keys.iter().copied().zip(values.iter().cloned()).collect();
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_only_what_the_cache_lacks_and_stays_bounded() {
        let mut cache = FxHashMap::default();
        let made = std::sync::atomic::AtomicUsize::new(0);
        let make = |i: usize| {
            made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            i * 10
        };
        assert_eq!(reuse_or_make(&mut cache, &[1, 2, 3], make), [0, 10, 20]);
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 3);
        assert_eq!(reuse_or_make(&mut cache, &[2, 3, 4], make), [10, 20, 20]);
        assert_eq!(made.load(std::sync::atomic::Ordering::Relaxed), 4);
        for round in 0..100u64 {
            reuse_or_make(&mut cache, &[1000 + round], make);
        }
        assert!(cache.len() <= 2 + 64 + 1, "{}", cache.len());
    }
}
