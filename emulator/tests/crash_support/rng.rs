//! A tiny seeded random source (SplitMix64), so a failing run can be replayed.

/// SplitMix64: fast, good enough to pick kill times, and fully determined by its seed.
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A source that always yields the same sequence for the same seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `low..high` (`high > low`); the slight modulo bias does not matter here.
    pub fn in_range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high - low)
    }
}
