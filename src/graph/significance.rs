//! Which pairs co-act more than chance: a Poisson test against a configuration null.
//!
//! For each signal s, account a has E(a,s) events, and the corpus shows H(s) pair
//! co-actions in all. If accounts acted independently, with the corpus's own rate of
//! coincidence, two accounts would co-act about
//!
//! λ(a,b) = Σ_s c(s)·E(a,s)·E(b,s),  with c(s) = H(s) / Σ_{a<b} E(a,s)·E(b,s)
//!
//! times (the configuration model: chance co-actions grow with both accounts' activity).
//! A pair is kept when its distinct co-acted objects X reach `min_coactions` and
//! P(Poisson(λ) ≥ X) ≤ `alpha`.
//!
//! Why this test: it needs no labelled data, it is calibrated on each corpus (a dump full of
//! viral moments raises c and the bar with it), and it discounts the busiest accounts (news
//! bots, heavy users) that meet everyone by volume alone, which a fixed threshold on counts
//! cannot do. Its p-values are only as good as independence, so they gate pairs; groups are
//! judged again as groups (see `cluster`).

/// P(X ≥ x) for X ~ Poisson(λ).
pub fn poisson_tail(x: u32, lambda: f64) -> f64 {
    if x == 0 {
        return 1.0;
    }
    if lambda <= 0.0 {
        return 0.0;
    }
    // Sum the upper tail from its first term, computed in logs for stability.
    let ln_term = -lambda + f64::from(x) * lambda.ln() - ln_factorial(x);
    let mut term = ln_term.exp();
    let mut sum = 0.0;
    let mut k = x;
    while term > sum * 1e-15 && k < x + 10_000 {
        sum += term;
        k += 1;
        term *= lambda / f64::from(k);
    }
    sum.min(1.0)
}

fn ln_factorial(n: u32) -> f64 {
    if n < 2 {
        return 0.0;
    }
    if n < 64 {
        return (2..=n).map(|k| f64::from(k).ln()).sum();
    }
    // Stirling's series.
    let n = f64::from(n);
    n * n.ln() - n + 0.5 * (std::f64::consts::TAU * n).ln() + 1.0 / (12.0 * n)
}

/// The chance rate c(s) from event counts per account and the number of hits.
pub fn chance_rate(events_per_account: &[u32], hits: u64) -> f64 {
    let sum: f64 = events_per_account.iter().map(|&e| f64::from(e)).sum();
    let sq: f64 = events_per_account
        .iter()
        .map(|&e| f64::from(e).powi(2))
        .sum();
    let pairs = (sum * sum - sq) / 2.0;
    if pairs <= 0.0 {
        0.0
    } else {
        hits as f64 / pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tail_values() {
        assert!((poisson_tail(1, 1.0) - (1.0 - (-1.0f64).exp())).abs() < 1e-12);
        assert_eq!(poisson_tail(0, 3.0), 1.0);
        // P(X >= 3 | 0.5) = 1 - e^-0.5 (1 + 0.5 + 0.125)
        let want = 1.0 - (-0.5f64).exp() * 1.625;
        assert!((poisson_tail(3, 0.5) - want).abs() < 1e-12);
        assert!(poisson_tail(20, 0.01) < 1e-40);
        assert!(poisson_tail(200, 150.0) < 0.001);
        assert_eq!(poisson_tail(5, 0.0), 0.0);
    }

    #[test]
    fn rate() {
        // Three accounts with 2 events each: 12 cross-account event pairs.
        assert!((chance_rate(&[2, 2, 2], 6) - 0.5).abs() < 1e-12);
        assert_eq!(chance_rate(&[5], 0), 0.0);
    }
}
