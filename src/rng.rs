//! A small, fast, seedable random number generator (xoshiro256++, seeded through SplitMix64) and the few
//! distributions the simulator draws from. Same seed, same stream, on every platform.

/// Start of the exponential ziggurat's tail.
const ZIG_EXP_R: f64 = 7.697_117_470_131_05;
/// Area of each of its 256 layers.
const ZIG_EXP_V: f64 = 0.003_949_659_822_581_557;

/// Layer edges `x` (decreasing from the base strip to 0) and densities `f = e^(−x)`.
struct Ziggurat {
    x: [f64; 257],
    f: [f64; 257],
}

fn ziggurat() -> &'static Ziggurat {
    static Z: std::sync::OnceLock<Ziggurat> = std::sync::OnceLock::new();
    Z.get_or_init(|| {
        let mut x = [0.0; 257];
        x[0] = ZIG_EXP_V * ZIG_EXP_R.exp();
        x[1] = ZIG_EXP_R;
        for i in 1..255 {
            x[i + 1] = -(ZIG_EXP_V / x[i] + (-x[i]).exp()).ln();
        }
        x[256] = 0.0;
        let mut f = [0.0; 257];
        for i in 0..257 {
            f[i] = (-x[i]).exp();
        }
        Ziggurat { x, f }
    })
}

/// xoshiro256++ (Blackman & Vigna), 2^256 − 1 period; not for cryptography.
#[derive(Clone)]
pub struct Rng {
    s: [u64; 4],
    zig: &'static Ziggurat,
}

impl std::fmt::Debug for Rng {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rng").field("s", &self.s).finish()
    }
}

impl Rng {
    /// A generator whose whole stream is determined by `seed`.
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
            zig: ziggurat(),
        }
    }

    /// The next 64 random bits.
    #[inline(always)]
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in (0, 1]: never 0, so its logarithm is finite.
    #[inline]
    pub fn uniform_open0(&mut self) -> f64 {
        (((self.next_u64() >> 11) + 1) as i64) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Exponential with mean 1 (ziggurat, Marsaglia & Tsang 2000: one table lookup and a multiply for ~98.9% of
    /// draws, a logarithm only in the tail).
    #[inline(always)]
    pub fn exp1(&mut self) -> f64 {
        let z = self.zig;
        let bits = self.next_u64();
        let i = (bits & 0xff) as usize;
        // Signed conversion: one instruction, where u64 → f64 takes several.
        let u = ((bits >> 11) as i64) as f64 * (1.0 / (1u64 << 53) as f64);
        // `i + 1 ≤ 256`: the tables have 257 entries.
        let (xi, xnext) = (z.x[i], z.x[i + 1]);
        let x = u * xi;
        if x < xnext {
            return x;
        }
        self.exp1_slow(i, x)
    }

    /// The ziggurat's rare cases: the tail (layer 0) and the wedges outside the rectangles; then new draws.
    #[cold]
    fn exp1_slow(&mut self, mut i: usize, mut x: f64) -> f64 {
        let z = self.zig;
        loop {
            if i == 0 {
                return ZIG_EXP_R - self.uniform_open0().ln();
            }
            let y = z.f[i + 1] + (z.f[i] - z.f[i + 1]) * self.uniform_open0();
            if y < (-x).exp() {
                return x;
            }
            let bits = self.next_u64();
            i = (bits & 0xff) as usize;
            let u = ((bits >> 11) as i64) as f64 * (1.0 / (1u64 << 53) as f64);
            x = u * z.x[i];
            if x < z.x[i + 1] {
                return x;
            }
        }
    }

    /// Standard normal (Box–Muller; one of the pair is discarded to keep the generator stateless beyond `s`).
    #[inline]
    pub fn normal(&mut self) -> f64 {
        let u1 = self.uniform_open0();
        let u2 = self.uniform_open0();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Poisson-distributed count with mean `mean`, exact at every mean: multiplying uniforms below 10 (Knuth),
    /// transformed rejection above (PTRS, Hörmann 1993, as numpy draws it; a few uniforms per count however large).
    pub fn poisson(&mut self, mean: f64) -> u64 {
        if mean <= 0.0 || !mean.is_finite() {
            return 0;
        }
        if mean >= 10.0 {
            return self.poisson_ptrs(mean);
        }
        let l = (-mean).exp();
        let mut k = 0u64;
        let mut p = self.uniform_open0();
        while p > l {
            k += 1;
            p *= self.uniform_open0();
        }
        k
    }

    /// PTRS for `mean` ≥ 10: a candidate from a transformed uniform, accepted by a squeeze or the exact
    /// probability (log-gamma from statrs).
    fn poisson_ptrs(&mut self, mean: f64) -> u64 {
        let log_mean = mean.ln();
        let b = 0.931 + 2.53 * mean.sqrt();
        let a = -0.059 + 0.02483 * b;
        let log_inv_alpha = (1.1239 + 1.1328 / (b - 3.4)).ln();
        let v_r = 0.9277 - 3.6224 / (b - 2.0);
        loop {
            let u = self.uniform_open0() - 0.5;
            let v = self.uniform_open0();
            let us = 0.5 - u.abs();
            let k = ((2.0 * a / us + b) * u + mean + 0.43).floor();
            if us >= 0.07 && v <= v_r {
                return k as u64;
            }
            if k < 0.0 || (us < 0.013 && v > us) {
                continue;
            }
            if v.ln() + log_inv_alpha - (a / (us * us) + b).ln()
                <= -mean + k * log_mean - statrs::function::gamma::ln_gamma(k + 1.0)
            {
                return k as u64;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_sane_moments() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        assert_eq!(a.next_u64(), b.next_u64());
        let n = 200_000;
        let mean_exp = (0..n).map(|_| a.exp1()).sum::<f64>() / n as f64;
        assert!((mean_exp - 1.0).abs() < 0.01, "{mean_exp}");
        let xs: Vec<f64> = (0..n).map(|_| a.normal()).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64;
        assert!(m.abs() < 0.01 && (v - 1.0).abs() < 0.02, "{m} {v}");
        // The exponential's tail and its second moment, through the ziggurat's layers and tail.
        let tail = (0..n).filter(|_| a.exp1() > 3.0).count() as f64 / n as f64;
        assert!((tail - (-3.0f64).exp()).abs() < 0.002, "{tail}");
        let m2 = (0..n).map(|_| a.exp1().powi(2)).sum::<f64>() / n as f64;
        assert!((m2 - 2.0).abs() < 0.04, "{m2}");
        let deep = (0..2_000_000).filter(|_| a.exp1() > 8.0).count() as f64 / 2e6;
        assert!((deep - (-8.0f64).exp()).abs() < 0.0002, "{deep}");
        let pm = (0..n).map(|_| a.poisson(3.5)).sum::<u64>() as f64 / n as f64;
        assert!((pm - 3.5).abs() < 0.03, "{pm}");
        assert!((0..1000).all(|_| a.uniform_open0() > 0.0));
    }

    #[test]
    fn poisson_counts_are_exact_small_and_large() {
        use statrs::distribution::{Discrete, Poisson};
        let mut rng = Rng::new(11);
        // Mean, variance and third central moment all equal the mean for a Poisson; a normal approximation (what
        // was drawn above 500 before) has no skew, 5 standard errors off at 1,000.
        for mean in [3.5, 12.0, 1000.0, 1e6] {
            let n = 400_000;
            let xs: Vec<f64> = (0..n).map(|_| rng.poisson(mean) as f64).collect();
            let m = xs.iter().sum::<f64>() / n as f64;
            let c = |p: i32| xs.iter().map(|x| (x - m).powi(p)).sum::<f64>() / n as f64;
            assert!(
                (m - mean).abs() < 5.0 * (mean / n as f64).sqrt(),
                "{mean}: mean {m}"
            );
            assert!(
                (c(2) / mean - 1.0).abs() < 0.015,
                "{mean}: variance {}",
                c(2)
            );
            let se3 = (15.0 * mean.powi(3) / n as f64).sqrt();
            assert!(
                (c(3) - mean).abs() < 4.0 * se3,
                "{mean}: third moment {}",
                c(3)
            );
        }
        // The probabilities themselves, at a mean where both methods meet.
        let mean = 30.0;
        let n = 400_000;
        let mut freq = vec![0u32; 100];
        for _ in 0..n {
            freq[(rng.poisson(mean) as usize).min(99)] += 1;
        }
        let p = Poisson::new(mean).unwrap();
        let tv: f64 = (0..100)
            .map(|k| (f64::from(freq[k]) / n as f64 - p.pmf(k as u64)).abs())
            .sum::<f64>()
            / 2.0;
        assert!(tv < 0.01, "total variation {tv}");
        assert_eq!(rng.poisson(0.0), 0);
        assert_eq!(rng.poisson(f64::NAN), 0);
    }
}
