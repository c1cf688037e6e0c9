//! The float text current Nix's `toJSON` prints. Nix hands the double to nlohmann::json,
//! whose serializer writes the digits of the Grisu2 algorithm (Loitsch, "Printing
//! Floating-Point Numbers Quickly and Accurately with Integers", 2010) in its own layout:
//!
//! * non-finite values are `null`;
//! * `±0` is `0.0` / `-0.0`;
//! * with `digits × 10^k` and `n` = number of digits before the decimal point, a plain
//!   decimal is used when `-4 < n <= 15` (`1.0`, `100000000000000.0`, `0.001`), and
//!   otherwise `d.ddde±XX` with at least two exponent digits (`1e+16`, `1.5e-05`).
//!
//! Grisu2 always round-trips but is not always the shortest form, and which digits it picks
//! depends on its cached powers of ten and rounding steps; they are reproduced exactly so
//! that the text is byte-for-byte what Nix prints.

/// A float `f × 2^e` with a 64-bit significand.
#[derive(Clone, Copy)]
struct Fp {
    f: u64,
    e: i32,
}

impl Fp {
    fn sub(self, other: Fp) -> Fp {
        Fp {
            f: self.f - other.f,
            e: self.e,
        }
    }

    /// The product, its significand rounded half up to 64 bits.
    fn mul(self, other: Fp) -> Fp {
        let p = u128::from(self.f) * u128::from(other.f);
        Fp {
            f: ((p + (1u128 << 63)) >> 64) as u64,
            e: self.e + other.e + 64,
        }
    }

    fn normalize(self) -> Fp {
        let shift = self.f.leading_zeros();
        Fp {
            f: self.f << shift,
            e: self.e - shift as i32,
        }
    }

    fn normalize_to(self, e: i32) -> Fp {
        Fp {
            f: self.f << (self.e - e),
            e,
        }
    }
}

/// `10^k ≈ f × 2^e`, for `k = -300, -292, …, 340`: the significand correctly rounded.
const CACHED_POWERS: [(u64, i32, i32); 81] = [
    (0xAB70FE17C79AC6CA, -1060, -300),
    (0xFF77B1FCBEBCDC4F, -1034, -292),
    (0xBE5691EF416BD60C, -1007, -284),
    (0x8DD01FAD907FFC3C, -980, -276),
    (0xD3515C2831559A83, -954, -268),
    (0x9D71AC8FADA6C9B5, -927, -260),
    (0xEA9C227723EE8BCB, -901, -252),
    (0xAECC49914078536D, -874, -244),
    (0x823C12795DB6CE57, -847, -236),
    (0xC21094364DFB5637, -821, -228),
    (0x9096EA6F3848984F, -794, -220),
    (0xD77485CB25823AC7, -768, -212),
    (0xA086CFCD97BF97F4, -741, -204),
    (0xEF340A98172AACE5, -715, -196),
    (0xB23867FB2A35B28E, -688, -188),
    (0x84C8D4DFD2C63F3B, -661, -180),
    (0xC5DD44271AD3CDBA, -635, -172),
    (0x936B9FCEBB25C996, -608, -164),
    (0xDBAC6C247D62A584, -582, -156),
    (0xA3AB66580D5FDAF6, -555, -148),
    (0xF3E2F893DEC3F126, -529, -140),
    (0xB5B5ADA8AAFF80B8, -502, -132),
    (0x87625F056C7C4A8B, -475, -124),
    (0xC9BCFF6034C13053, -449, -116),
    (0x964E858C91BA2655, -422, -108),
    (0xDFF9772470297EBD, -396, -100),
    (0xA6DFBD9FB8E5B88F, -369, -92),
    (0xF8A95FCF88747D94, -343, -84),
    (0xB94470938FA89BCF, -316, -76),
    (0x8A08F0F8BF0F156B, -289, -68),
    (0xCDB02555653131B6, -263, -60),
    (0x993FE2C6D07B7FAC, -236, -52),
    (0xE45C10C42A2B3B06, -210, -44),
    (0xAA242499697392D3, -183, -36),
    (0xFD87B5F28300CA0E, -157, -28),
    (0xBCE5086492111AEB, -130, -20),
    (0x8CBCCC096F5088CC, -103, -12),
    (0xD1B71758E219652C, -77, -4),
    (0x9C40000000000000, -50, 4),
    (0xE8D4A51000000000, -24, 12),
    (0xAD78EBC5AC620000, 3, 20),
    (0x813F3978F8940984, 30, 28),
    (0xC097CE7BC90715B3, 56, 36),
    (0x8F7E32CE7BEA5C70, 83, 44),
    (0xD5D238A4ABE98068, 109, 52),
    (0x9F4F2726179A2245, 136, 60),
    (0xED63A231D4C4FB27, 162, 68),
    (0xB0DE65388CC8ADA8, 189, 76),
    (0x83C7088E1AAB65DB, 216, 84),
    (0xC45D1DF942711D9A, 242, 92),
    (0x924D692CA61BE758, 269, 100),
    (0xDA01EE641A708DEA, 295, 108),
    (0xA26DA3999AEF774A, 322, 116),
    (0xF209787BB47D6B85, 348, 124),
    (0xB454E4A179DD1877, 375, 132),
    (0x865B86925B9BC5C2, 402, 140),
    (0xC83553C5C8965D3D, 428, 148),
    (0x952AB45CFA97A0B3, 455, 156),
    (0xDE469FBD99A05FE3, 481, 164),
    (0xA59BC234DB398C25, 508, 172),
    (0xF6C69A72A3989F5C, 534, 180),
    (0xB7DCBF5354E9BECE, 561, 188),
    (0x88FCF317F22241E2, 588, 196),
    (0xCC20CE9BD35C78A5, 614, 204),
    (0x98165AF37B2153DF, 641, 212),
    (0xE2A0B5DC971F303A, 667, 220),
    (0xA8D9D1535CE3B396, 694, 228),
    (0xFB9B7CD9A4A7443C, 720, 236),
    (0xBB764C4CA7A44410, 747, 244),
    (0x8BAB8EEFB6409C1A, 774, 252),
    (0xD01FEF10A657842C, 800, 260),
    (0x9B10A4E5E9913129, 827, 268),
    (0xE7109BFBA19C0C9D, 853, 276),
    (0xAC2820D9623BF429, 880, 284),
    (0x80444B5E7AA7CF85, 907, 292),
    (0xBF21E44003ACDD2D, 933, 300),
    (0x8E679C2F5E44FF8F, 960, 308),
    (0xD433179D9C8CB841, 986, 316),
    (0x9E19DB92B4E31BA9, 1013, 324),
    (0xEB96BF6EBADF77D9, 1039, 332),
    (0xAF87023B9BF0EE6B, 1066, 340),
];

/// The target range of the scaled exponent.
const ALPHA: i32 = -60;

/// The cached power `c` such that `c × 2^e`, for a normalised significand, has its exponent
/// in `[ALPHA, GAMMA]` (`GAMMA` = -32).
fn cached_power(e: i32) -> Fp {
    let f = ALPHA - e - 1;
    // ceil(f × log10(2)), in integer arithmetic.
    let k = (f * 78913) / (1 << 18) + i32::from(f > 0);
    let index = ((300 + k + 7) / 8) as usize;
    let (f, e, _) = CACHED_POWERS[index.min(CACHED_POWERS.len() - 1)];
    Fp { f, e }
}

fn cached_k(e: i32) -> i32 {
    let f = ALPHA - e - 1;
    let k = (f * 78913) / (1 << 18) + i32::from(f > 0);
    let index = ((300 + k + 7) / 8) as usize;
    CACHED_POWERS[index.min(CACHED_POWERS.len() - 1)].2
}

/// `(10^(n-1), n)` with `10^(n-1) <= x < 10^n` (and `(1, 1)` for 0).
fn largest_pow10(x: u32) -> (u32, i32) {
    let mut pow = 1u32;
    let mut n = 1;
    while n < 10 && x / pow >= 10 {
        pow *= 10;
        n += 1;
    }
    (pow, n)
}

/// Moves the last digit towards `w` while that stays inside the interval.
fn round_weed(digits: &mut [u8], dist: u64, delta: u64, mut rest: u64, ten_k: u64) {
    let Some(last) = digits.last_mut() else {
        return;
    };
    while rest < dist
        && delta - rest >= ten_k
        && (rest + ten_k < dist || dist - rest > rest + ten_k - dist)
    {
        *last -= 1;
        rest += ten_k;
    }
}

/// The digits of `w` within `(m_minus, m_plus)` and the decimal exponent they carry.
fn digit_gen(m_minus: Fp, w: Fp, m_plus: Fp, mut exp10: i32) -> (Vec<u8>, i32) {
    let mut delta = m_plus.sub(m_minus).f;
    let mut dist = m_plus.sub(w).f;
    let shift = (-m_plus.e) as u32;
    let one = 1u64 << shift;
    let mut p1 = (m_plus.f >> shift) as u32;
    let mut p2 = m_plus.f & (one - 1);
    let mut digits = Vec::with_capacity(17);

    let (mut pow10, mut n) = largest_pow10(p1);
    while n > 0 {
        let d = p1 / pow10;
        p1 %= pow10;
        digits.push(b'0' + d as u8);
        n -= 1;
        let rest = (u64::from(p1) << shift) + p2;
        if rest <= delta {
            exp10 += n;
            round_weed(&mut digits, dist, delta, rest, u64::from(pow10) << shift);
            return (digits, exp10);
        }
        pow10 /= 10;
    }
    let mut m = 0;
    loop {
        p2 *= 10;
        let d = p2 >> shift;
        p2 &= one - 1;
        digits.push(b'0' + d as u8);
        m += 1;
        delta *= 10;
        dist *= 10;
        if p2 <= delta {
            break;
        }
    }
    round_weed(&mut digits, dist, delta, p2, one);
    (digits, exp10 - m)
}

/// Grisu2 for a positive finite double: digits and decimal exponent, `v = digits × 10^k`.
fn grisu2(v: f64) -> (Vec<u8>, i32) {
    let bits = v.to_bits();
    let biased = (bits >> 52) as i32;
    let fraction = bits & ((1 << 52) - 1);
    let value = if biased == 0 {
        Fp {
            f: fraction,
            e: 1 - 1075,
        }
    } else {
        Fp {
            f: fraction | (1 << 52),
            e: biased - 1075,
        }
    };
    // The boundaries are halfway to the neighbouring doubles; the lower one is closer when
    // the significand is a power of two (except for the smallest normal exponent).
    let lower_closer = fraction == 0 && biased > 1;
    let m_plus = Fp {
        f: 2 * value.f + 1,
        e: value.e - 1,
    }
    .normalize();
    let m_minus = if lower_closer {
        Fp {
            f: 4 * value.f - 1,
            e: value.e - 2,
        }
    } else {
        Fp {
            f: 2 * value.f - 1,
            e: value.e - 1,
        }
    }
    .normalize_to(m_plus.e);
    let w = value.normalize();

    let c = cached_power(m_plus.e);
    let k = cached_k(m_plus.e);
    let w = w.mul(c);
    let lo = m_minus.mul(c);
    let hi = m_plus.mul(c);
    // The products may be off by one unit each way: keep to the safe inner interval.
    let lo = Fp {
        f: lo.f + 1,
        e: lo.e,
    };
    let hi = Fp {
        f: hi.f - 1,
        e: hi.e,
    };
    digit_gen(lo, w, hi, -k)
}

/// Appends `e` as an exponent: sign and at least two digits.
fn push_exponent(out: &mut Vec<u8>, e: i32) {
    out.push(if e < 0 { b'-' } else { b'+' });
    let e = e.unsigned_abs();
    if e < 10 {
        out.push(b'0');
    }
    out.extend_from_slice(e.to_string().as_bytes());
}

/// Writes `f` as current Nix's `toJSON` does.
pub fn write_json_float(out: &mut Vec<u8>, f: f64) {
    if !f.is_finite() {
        out.extend_from_slice(b"null");
        return;
    }
    if f.is_sign_negative() {
        out.push(b'-');
    }
    let f = f.abs();
    if f == 0.0 {
        out.extend_from_slice(b"0.0");
        return;
    }
    let (digits, exp10) = grisu2(f);
    let k = digits.len() as i32;
    // The position of the decimal point relative to the first digit.
    let n = k + exp10;
    const MAX_EXP: i32 = 15;
    const MIN_EXP: i32 = -4;
    if k <= n && n <= MAX_EXP {
        out.extend_from_slice(&digits);
        out.extend(std::iter::repeat_n(b'0', (n - k) as usize));
        out.extend_from_slice(b".0");
    } else if 0 < n && n <= MAX_EXP {
        out.extend_from_slice(&digits[..n as usize]);
        out.push(b'.');
        out.extend_from_slice(&digits[n as usize..]);
    } else if MIN_EXP < n && n <= 0 {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', (-n) as usize));
        out.extend_from_slice(&digits);
    } else {
        out.push(digits[0]);
        if k > 1 {
            out.push(b'.');
            out.extend_from_slice(&digits[1..]);
        }
        out.push(b'e');
        push_exponent(out, n - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::write_json_float;

    fn show(f: f64) -> String {
        let mut out = Vec::new();
        write_json_float(&mut out, f);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn layout_follows_nlohmann() {
        let cases = [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (-1.5, "-1.5"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1e20, "1e+20"),
            (1e15, "1e+15"),
            (1e14, "100000000000000.0"),
            (123456789.123, "123456789.123"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1.23456, "1.23456"),
            (1.44, "1.44"),
            (1.0 / 3.0, "0.3333333333333333"),
            (0.30000000000000004, "0.30000000000000004"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (5e-324, "5e-324"),
            (2.5e300, "2.5e+300"),
            (f64::INFINITY, "null"),
            (f64::NAN, "null"),
        ];
        for (f, s) in cases {
            assert_eq!(show(f), s, "{f:e}");
        }
    }

    #[test]
    fn grisu2_is_not_always_shortest() {
        // Checked against nlohmann::json 3.11's dump (2,000,000 random doubles agreed byte
        // for byte); these are among the ~0.1% where Grisu2 gives more digits than needed.
        let cases = [
            (0x3f7592a3dc12baed, "0.0052667999999999994"),
            (0x3f73d9b6c01b0da2, "0.0048462999999999996"),
            (0xa969e2ce658f51ef, "-3.4444183136509978e-109"),
            (0x41497b390ece6ed7, "3339890.1156748342"),
        ];
        for (bits, s) in cases {
            assert_eq!(show(f64::from_bits(bits)), s, "{bits:x}");
        }
    }

    #[test]
    fn digits_round_trip() {
        // A cheap generator; every value must read back as itself.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = f64::from_bits(x);
            if !f.is_finite() {
                continue;
            }
            let s = show(f);
            let back: f64 = s.parse().unwrap();
            assert_eq!(back.to_bits(), f.to_bits(), "{s}");
        }
    }
}
