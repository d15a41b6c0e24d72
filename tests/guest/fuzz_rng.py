"""The random-instruction generators' PRNG (tests/guest/*/fuzz/gen.py,
tests/guest/arm/vfp/gen.py): xorshift64*, small and independent of Python's
random module, so a seed gives the same programs on every Python."""

M64 = (1 << 64) - 1


class Rng:
    def __init__(self, seed):
        self.s = (seed * 0x9E3779B97F4A7C15 + 1) & M64

    def bits(self, n):
        x = self.s
        x ^= (x >> 12)
        x ^= (x << 25) & M64
        x ^= (x >> 27)
        self.s = x
        return ((x * 0x2545F4914F6CDD1D) & M64) >> (64 - n)

    def below(self, n):
        return self.bits(32) % n

    def range(self, lo, hi):  # inclusive
        return lo + self.below(hi - lo + 1)

    def choice(self, seq):
        return seq[self.below(len(seq))]

    def chance(self, percent):
        return self.below(100) < percent
