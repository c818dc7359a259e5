//! A deterministic picture layout for a network's accounts: Fruchterman–Reingold force
//! layout from a circular start, with a fixed number of iterations and no randomness.
//!
//! The same nodes and edges (in the same order) always give the same positions, on any
//! machine that computes IEEE floats the same way (every machine Rust targets with SSE2 or
//! better). Above `FORCE_LIMIT` nodes the circle itself is returned: the force step is
//! quadratic and a hairball of that size says nothing more than a ring does.

/// Largest node count laid out by forces; larger sets stay on a circle.
pub const FORCE_LIMIT: usize = 400;

/// Positions in the unit square `[0, 1]²`, one per node.
///
/// Arguments: `n` nodes, `edges` as (node, node, weight) with indices below `n` (others are
/// ignored). Returns: `n` points. Complexity: O(i·(n² + m)) time for i ≤ 200 iterations and m
/// edges, O(n) auxiliary memory. Reference: T. Fruchterman and E. Reingold, "Graph drawing by
/// force-directed placement", Software: Practice and Experience 21(11), 1991.
pub fn layout(n: usize, edges: &[(usize, usize, f64)]) -> Vec<(f64, f64)> {
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = std::f64::consts::TAU * i as f64 / n.max(1) as f64;
            (0.5 + 0.4 * a.cos(), 0.5 + 0.4 * a.sin())
        })
        .collect();
    if !(3..=FORCE_LIMIT).contains(&n) {
        return pos;
    }
    let k = (1.0 / n as f64).sqrt();
    let iterations = if n <= 100 { 200 } else { 80 };
    let max_w = edges
        .iter()
        .map(|e| e.2)
        .fold(0.0f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for it in 0..iterations {
        let temp = 0.1 * (1.0 - it as f64 / iterations as f64) + 0.002;
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d2 = (dx * dx + dy * dy).max(1e-9);
                let f = k * k / d2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for &(a, b, w) in edges {
            if a >= n || b >= n || a == b {
                continue;
            }
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(1e-9);
            let f = d / k * (0.5 + 0.5 * w / max_w);
            disp[a].0 -= dx * f;
            disp[a].1 -= dy * f;
            disp[b].0 += dx * f;
            disp[b].1 += dy * f;
        }
        for (p, d) in pos.iter_mut().zip(&disp) {
            // A weak pull to the centre keeps unlinked nodes in the picture.
            let (gx, gy) = (0.5 - p.0, 0.5 - p.1);
            let (dx, dy) = (d.0 + gx * 0.05, d.1 + gy * 0.05);
            let len = (dx * dx + dy * dy).sqrt().max(1e-9);
            let step = len.min(temp);
            p.0 += dx / len * step;
            p.1 += dy / len * step;
        }
    }
    normalise(&mut pos);
    pos
}

/// Scales points to fill `[0.05, 0.95]²`, keeping the aspect ratio.
fn normalise(pos: &mut [(f64, f64)]) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in pos.iter() {
        x0 = x0.min(p.0);
        y0 = y0.min(p.1);
        x1 = x1.max(p.0);
        y1 = y1.max(p.1);
    }
    let span = (x1 - x0).max(y1 - y0);
    if !span.is_finite() || span <= 0.0 {
        return;
    }
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    for p in pos.iter_mut() {
        p.0 = 0.5 + (p.0 - cx) / span * 0.9;
        p.1 = 0.5 + (p.1 - cy) / span * 0.9;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_inside_the_square() {
        let edges = [
            (0, 1, 1.0),
            (1, 2, 2.0),
            (2, 0, 1.0),
            (3, 4, 1.0),
            (9, 0, 1.0),
        ];
        let a = layout(6, &edges);
        assert_eq!(a, layout(6, &edges));
        assert_eq!(a.len(), 6);
        assert!(
            a.iter()
                .all(|p| (0.0..=1.0).contains(&p.0) && (0.0..=1.0).contains(&p.1))
        );
        // Linked nodes end up closer than unlinked ones.
        let d = |i: usize, j: usize| ((a[i].0 - a[j].0).powi(2) + (a[i].1 - a[j].1).powi(2)).sqrt();
        assert!(d(3, 4) < d(3, 1));
    }

    #[test]
    fn tiny_and_huge_sets_stay_on_a_circle() {
        assert!(layout(0, &[]).is_empty());
        assert_eq!(layout(1, &[]).len(), 1);
        assert_eq!(layout(FORCE_LIMIT + 1, &[]).len(), FORCE_LIMIT + 1);
    }
}
