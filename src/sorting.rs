//! Every sort of the core goes through one instantiation of the standard
//! sort: [`sort_packed`], an unstable sort of `u128`s.
//!
//! Why: each `sort_by`/`sort_by_key` call site monomorphises the whole sort
//! (driftsort or ipnsort, with its small-sort networks and merges) for its
//! element type and closure; the eight sites of the core cost about 6 KB of
//! the gzipped .wasm (issue 3's size budget). Here a site turns its items into
//! `u64` keys instead; [`stable_order`] packs each key with the item's index
//! into a `u128`, so the one unstable sort orders by key and breaks ties by
//! index, which is exactly what a stable sort does. [`sort_by_key`] then moves
//! the items into that order with swaps along the permutation's cycles
//! (linear time, no copies).

/// Sorts `v` ascending. The one place the standard sort is instantiated
/// (not inlined, so every caller shares it).
#[inline(never)]
pub(crate) fn sort_packed(v: &mut [u128]) {
    v.sort_unstable();
}

/// The order that sorts items with these `keys` stably: the `i`-th entry is
/// the index of the item that goes to position `i`; equal keys keep their
/// index order.
pub(crate) fn stable_order(keys: impl Iterator<Item = u64>) -> Vec<usize> {
    let mut packed: Vec<u128> = keys
        .enumerate()
        .map(|(i, k)| (u128::from(k) << 64) | i as u128)
        .collect();
    indices_of(&mut packed)
}

fn indices_of(packed: &mut [u128]) -> Vec<usize> {
    sort_packed(packed);
    packed.iter().map(|&p| p as u64 as usize).collect()
}

/// `v.sort_by_key(key)`: a stable sort, through [`sort_packed`].
pub(crate) fn sort_by_key<T>(v: &mut [T], key: impl Fn(&T) -> u64) {
    // Nothing to order (and no key vectors to allocate): many callers sort
    // a list per paragraph or per document that mostly holds one item.
    if v.len() < 2 {
        return;
    }
    let order = stable_order(v.iter().map(key));
    permute(v, order);
}

/// Puts `v[order[i]]` at position `i` for every `i`. `order` is a
/// permutation of `0..v.len()` (from [`stable_order`]); each cycle is walked
/// once, and a visited position is marked by making it a fixed point.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut cur = start;
        while let Some(src) = order.get_mut(cur).map(|s| std::mem::replace(s, cur)) {
            if src == start || src == cur || src >= v.len() {
                break;
            }
            v.swap(cur, src);
            cur = src;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sorts `(key, tag)` pairs by key through [`sort_by_key`] and checks the
    /// result against the standard stable sort.
    fn check(items: &[(u64, u32)]) {
        let mut want = items.to_vec();
        want.sort_by_key(|&(k, _)| k);
        let mut got = items.to_vec();
        sort_by_key(&mut got, |&(k, _)| k);
        assert_eq!(got, want, "input {items:?}");
    }

    #[test]
    fn sorts_stably() {
        check(&[]);
        check(&[(1, 0)]);
        check(&[(2, 0), (1, 1)]);
        check(&[
            (3, 0),
            (1, 1),
            (3, 2),
            (1, 3),
            (0, 4),
            (u64::MAX, 5),
            (3, 6),
        ]);
        // Longer inputs with many ties and long cycles.
        let items: Vec<(u64, u32)> = (0..500u32).map(|i| (u64::from(i * 7919 % 13), i)).collect();
        check(&items);
        let rev: Vec<(u64, u32)> = (0..300u32).rev().map(|i| (u64::from(i), i)).collect();
        check(&rev);
    }
}
