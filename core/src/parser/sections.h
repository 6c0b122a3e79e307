// The payload both protocols stream after a header: front, middle and data
// (v1), segments 1..3 (msgr2). Each section is CRC'd as it arrives and kept
// where the machine asked (a message's front/middle/data, a compressed frame's
// raw segments, or nowhere); a gap inside the payload is zero-filled and makes
// its section's CRC unverifiable, so parsing stays in step.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "cephwire/bytes.h"
#include "cephwire/message.h"

namespace cephwire::parser {

class Sections {
 public:
  using Raw = std::array<std::vector<uint8_t>, 3>;
  // Where the bytes go: into raw segments (a compressed frame's, decompressed
  // when it ends), else into the message's front, middle (when `payload`) and
  // data (when `data` too), else nowhere. The message counts the gap bytes.
  struct Keep {
    Message* msg = nullptr;
    bool payload = false;
    bool data = false;
    Raw* raw = nullptr;
  };

  // Starts three sections of these lengths, CRC'd from `seed` (when `crc`).
  void begin(std::array<uint32_t, 3> len, uint32_t seed, bool crc, Keep keep);
  // Takes what belongs to the payload from the front of `in`; returns how many bytes.
  size_t take(Bytes in);
  // `n` bytes (at most remaining()) are missing: zero-filled, counted as gap.
  void fill_gap(uint64_t n);

  bool active() const { return active_; }  // begun and not yet complete
  uint64_t remaining() const;              // bytes left in all sections
  uint32_t crc(size_t i) const { return crc_[i]; }
  bool complete(size_t i) const { return gap_[i] == 0; }  // every byte seen: the CRC can be checked
  uint64_t gap_bytes() const { return gap_[0] + gap_[1] + gap_[2]; }

 private:
  void store(Bytes chunk);
  void skip_empty();

  bool active_ = false;
  bool crc_on_ = true;
  Keep keep_;
  uint32_t sec_ = 0;  // 0..2: front, middle, data
  uint32_t left_ = 0;
  std::array<uint32_t, 3> len_{};
  std::array<uint32_t, 3> crc_{};
  std::array<uint64_t, 3> gap_{};
};

}  // namespace cephwire::parser
