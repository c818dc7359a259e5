//! Which pairs co-act more than chance: a Poisson test per signal against a configuration
//! null, corrected for testing several signals.
//!
//! For each signal s, account a has E(a,s) events, and the corpus shows H(s) pair
//! co-actions in all. If accounts acted independently, with the corpus's own rate of
//! coincidence, two accounts would co-act about
//!
//! λ_s(a,b) = c(s)·E(a,s)·E(b,s),  with c(s) = H(s) / Σ_{a<b} E(a,s)·E(b,s)
//!
//! times in signal s (the configuration model: chance co-actions grow with both accounts'
//! activity). Each signal is tested on its own, so a very active account that repeats
//! strongly in one signal is not drowned by its chance rate in the others, and so is the sum
//! over signals (evidence spread thinly over several); the smallest of these p-values is
//! multiplied by the number of tests (Bonferroni), which keeps `alpha` an upper bound on each
//! pair's chance of being kept.
//! H(s) counts only the pairs that co-act once under s: chance coincidences are overwhelmingly
//! single, while coordinated pairs repeat, so a corpus that is mostly one campaign (a
//! collection gathered by the campaign's own hashtag) does not set its own bar.
//! Both sides are rarity-weighted: X is the sum of the rarity weights of the objects the pair
//! co-acted on, and H(s) the sum over all co-actions, so a slogan that thousands copy adds
//! little to either. A pair is kept when its distinct co-acted objects reach
//! `min_coactions` and P(Poisson(λ) ≥ X) ≤ `alpha` (real X through the incomplete gamma
//! function).
//!
//! Why this test: it needs no labelled data, it is calibrated on each corpus (a dump full of
//! viral moments raises c and the bar with it), and it discounts the busiest accounts (news
//! bots, heavy users) that meet everyone by volume alone, which a fixed threshold on counts
//! cannot do. Its p-values are only as good as independence, so they gate pairs; groups are
//! judged again as groups (see `cluster`).

/// The corrected p-value of a pair from its weighted acts `x` and chance expectations
/// `lambda` per signal: `k · min(p_1, …, p_S, p_pooled)` for the k = S + 1 tests made (S
/// when S = 1), at most 1. k does not depend on which signals hold acts, so more evidence
/// in any signal never raises the p-value.
pub fn pair_p_value(x: &[f64], lambda: &[f64]) -> f64 {
    let mut best = 1.0f64;
    for (&xs, &ls) in x.iter().zip(lambda) {
        if xs > 0.0 {
            best = best.min(poisson_tail_real(xs, ls));
        }
    }
    let tests = if x.len() > 1 {
        best = best.min(poisson_tail_real(x.iter().sum(), lambda.iter().sum()));
        x.len() + 1
    } else {
        1
    };
    (best * tests as f64).min(1.0)
}

/// P(X ≥ x) for X ~ Poisson(λ), extended to real x ≥ 0 by the identity
/// P(X ≥ x) = P(x, λ), the regularised lower incomplete gamma function. Used for
/// rarity-weighted co-action sums, which are not integers.
pub fn poisson_tail_real(x: f64, lambda: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    if lambda <= 0.0 {
        return 0.0;
    }
    lower_gamma_regularized(x, lambda)
}

/// P(a, z) by its series (Numerical Recipes §6.2), or 1 − Q(a, z) by the continued fraction
/// when z > a + 1.
fn lower_gamma_regularized(a: f64, z: f64) -> f64 {
    let ln_pre = a * z.ln() - z - ln_gamma(a);
    if z < a + 1.0 {
        let (mut sum, mut term, mut n) = (1.0 / a, 1.0 / a, a);
        for _ in 0..1000 {
            n += 1.0;
            term *= z / n;
            sum += term;
            if term.abs() < sum.abs() * 1e-15 {
                break;
            }
        }
        (sum * ln_pre.exp()).clamp(0.0, 1.0)
    } else {
        // Lentz's continued fraction for Q(a, z).
        let tiny = 1e-300;
        let mut b = z + 1.0 - a;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < 1e-15 {
                break;
            }
        }
        (1.0 - ln_pre.exp() * h).clamp(0.0, 1.0)
    }
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9).
fn ln_gamma(x: f64) -> f64 {
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + 7.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (std::f64::consts::TAU).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// P(X ≥ m) for X ~ Binomial(n, p): how likely m or more of n draws are hits by chance.
/// Returns 1 when m is at most the mean (never evidence of over-representation).
pub fn binomial_tail(n: u64, m: u64, p: f64) -> f64 {
    if m == 0 {
        return 1.0;
    }
    if m > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 || (m as f64) <= n as f64 * p {
        return 1.0;
    }
    // Terms fall from m on (m is above the mode): sum until they vanish.
    let (nf, q) = (n as f64, 1.0 - p);
    let mf = m as f64;
    let ln_first = ln_gamma(nf + 1.0) - ln_gamma(mf + 1.0) - ln_gamma(nf - mf + 1.0)
        + mf * p.ln()
        + (nf - mf) * q.ln();
    let mut term = ln_first.exp();
    let mut sum = 0.0;
    let mut k = m;
    while k <= n && term > 0.0 && term > sum * 1e-16 {
        sum += term;
        term *= (nf - k as f64) / (k as f64 + 1.0) * p / q;
        k += 1;
    }
    sum.min(1.0)
}

/// P(U₁ + … + Uₙ ≤ s) for n independent uniforms on [0, 1] (the Irwin–Hall distribution):
/// how likely n ranks drawn at random are all this early. Exact up to n = 16, a normal
/// approximation with continuity-free variance n/12 beyond (where the exact alternating sum
/// loses its precision).
pub fn uniform_sum_cdf(s: f64, n: u32) -> f64 {
    if n == 0 {
        return 1.0;
    }
    let nf = f64::from(n);
    if s <= 0.0 {
        return 0.0;
    }
    if s >= nf {
        return 1.0;
    }
    if n > 16 {
        let z = (s - nf / 2.0) / (nf / 12.0).sqrt();
        return normal_cdf(z);
    }
    // F(s) = 1/n! Σ_{k ≤ ⌊s⌋} (−1)^k C(n, k) (s − k)^n
    let mut sum = 0.0;
    let mut binom = 1.0;
    for k in 0..=(s.floor() as u32).min(n) {
        let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
        sum += sign * binom * (s - f64::from(k)).powi(n as i32);
        binom = binom * f64::from(n - k) / f64::from(k + 1);
    }
    (sum / ln_factorial(n).exp()).clamp(0.0, 1.0)
}

/// Φ(z), the standard normal CDF (Abramowitz–Stegun 7.1.26 on erfc; error below 1.5e-7).
fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erfc = poly * (-x * x).exp();
    if z >= 0.0 {
        1.0 - erfc / 2.0
    } else {
        erfc / 2.0
    }
}

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

/// The chance rate c(s) from event counts per account and the (weighted) number of hits.
pub fn chance_rate(events_per_account: &[u32], hits: f64) -> f64 {
    let sum: f64 = events_per_account.iter().map(|&e| f64::from(e)).sum();
    let sq: f64 = events_per_account
        .iter()
        .map(|&e| f64::from(e).powi(2))
        .sum();
    let pairs = (sum * sum - sq) / 2.0;
    if pairs <= 0.0 { 0.0 } else { hits / pairs }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_sum_values() {
        // One uniform: P(U ≤ s) = s.
        assert!((uniform_sum_cdf(0.3, 1) - 0.3).abs() < 1e-12);
        // Two: s²/2 below 1, 1 − (2 − s)²/2 above.
        assert!((uniform_sum_cdf(0.2, 2) - 0.02).abs() < 1e-12);
        assert!((uniform_sum_cdf(1.5, 2) - 0.875).abs() < 1e-12);
        // Symmetric about n/2, monotone, and the normal branch joins the exact one.
        assert!((uniform_sum_cdf(8.0, 16) - 0.5).abs() < 1e-9);
        assert!((uniform_sum_cdf(8.5, 17) - 0.5).abs() < 1e-6);
        assert!(uniform_sum_cdf(3.0, 16) < uniform_sum_cdf(3.5, 16));
        assert!((uniform_sum_cdf(4.0, 16) - uniform_sum_cdf(4.25, 17)).abs() < 0.01);
        assert_eq!(uniform_sum_cdf(0.0, 5), 0.0);
        assert_eq!(uniform_sum_cdf(5.0, 5), 1.0);
    }

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
    fn real_tail_matches_integer_tail() {
        for (x, l) in [
            (1u32, 1.0),
            (3, 0.5),
            (5, 2.0),
            (10, 3.0),
            (2, 8.0),
            (40, 30.0),
        ] {
            let a = poisson_tail(x, l);
            let b = poisson_tail_real(f64::from(x), l);
            assert!(
                (a - b).abs() < 1e-9 * a.max(1e-300).max(1e-12),
                "{x} {l}: {a} vs {b}"
            );
        }
        // Monotone between integers.
        assert!(poisson_tail_real(2.5, 1.0) < poisson_tail_real(2.0, 1.0));
        assert!(poisson_tail_real(2.5, 1.0) > poisson_tail_real(3.0, 1.0));
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn strong_repetition_in_one_signal_is_not_drowned_by_others() {
        // Repeats 4 times in a signal where chance expects 0.07, while the account pair's
        // chance in other signals is large but unused: per-signal testing keeps it.
        let p = pair_p_value(&[4.0, 0.0, 0.0], &[0.07, 0.4, 0.31]);
        let pooled = poisson_tail_real(4.0, 0.78);
        assert!(p < 1e-3, "{p}");
        assert!(pooled > p);
        // More evidence, in the same signal or another, never raises the p-value.
        assert!(pair_p_value(&[5.0, 0.0, 0.0], &[0.07, 0.4, 0.31]) <= p);
        assert!(pair_p_value(&[4.0, 0.3, 0.0], &[0.07, 0.4, 0.31]) <= p);
        // No evidence, no claim.
        assert_eq!(pair_p_value(&[0.0, 0.0], &[0.1, 0.1]), 1.0);
    }

    #[test]
    fn binomial_tail_values() {
        // P(X >= 2 | n = 3, p = 0.5) = 4/8.
        assert!((binomial_tail(3, 2, 0.5) - 0.5).abs() < 1e-12);
        // Three of three with p = 0.01.
        assert!((binomial_tail(3, 3, 0.01) - 1e-6).abs() < 1e-15);
        assert_eq!(binomial_tail(100, 1, 0.5), 1.0);
        // Mean 10, P(X >= 30) is about 7e-8 (the Poisson limit).
        let t = binomial_tail(100_000, 30, 0.0001);
        assert!(t > 1e-8 && t < 1e-6, "{t}");
        // More members among the same users is stronger evidence.
        assert!(binomial_tail(50, 10, 0.05) < binomial_tail(50, 8, 0.05));
    }

    #[test]
    fn rate() {
        // Three accounts with 2 events each: 12 cross-account event pairs.
        assert!((chance_rate(&[2, 2, 2], 6.0) - 0.5).abs() < 1e-12);
        assert_eq!(chance_rate(&[5], 0.0), 0.0);
    }
}
