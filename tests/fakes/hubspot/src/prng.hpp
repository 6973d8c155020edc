// SplitMix64: a tiny PRNG whose output is fixed by its algorithm, unlike std:: distributions
// whose results differ between standard libraries. Same seed => same portal everywhere.
#pragma once

#include <cstdint>
#include <string>

namespace hsd::fakes::detail {

class Prng {
 public:
  explicit Prng(std::uint64_t seed) : state_(seed) {}
  /** A generator for one sub-stream, so adding objects of one kind never shifts another. */
  static Prng derive(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0) {
    Prng p(seed ^ (a * 0x9E3779B97F4A7C15ull));
    p.state_ ^= p.next() + b * 0xC2B2AE3D27D4EB4Full;
    p.state_ ^= p.next() + c * 0x165667B19E3779F9ull;
    return p;
  }
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  /** Uniform-enough integer in [0, n); n > 0. */
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  bool chance(int percent) { return below(100) < static_cast<std::uint64_t>(percent); }
  std::string hex(int digits) {
    static const char* kHex = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < digits; ++i) s.push_back(kHex[below(16)]);
    return s;
  }
  /** A UUID-shaped string (version 4 layout). */
  std::string uuid() { return hex(8) + "-" + hex(4) + "-4" + hex(3) + "-a" + hex(3) + "-" + hex(12); }

 private:
  std::uint64_t state_;
};

}  // namespace hsd::fakes::detail
