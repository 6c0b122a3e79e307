// A Ceph message as both messenger versions carry it: the header fields, front,
// middle and data. Data is held in a pagelist, packed from offset 0; the page
// layout the receiver would use (data_off & 0xfff into the first page) is
// metadata.
#pragma once

#include <cstdint>
#include <vector>

#include "cephwire/entity.h"
#include "cephwire/msgr1.h"
#include "cephwire/msgr2.h"
#include "cephwire/pagelist.h"

namespace cephwire {

inline constexpr uint16_t kPrioLow = 64, kPrioDefault = 127, kPrioHigh = 196, kPrioHighest = 255;

struct Message {
  uint8_t msgr_version = 2;  // 1 or 2: which messenger carried it

  uint64_t seq = 0;
  uint64_t tid = 0;
  uint16_t type = 0;
  uint16_t priority = 0;
  uint16_t version = 0;
  uint16_t compat_version = 0;
  uint16_t data_off = 0;
  uint16_t reserved = 0;
  EntityName src;  // v1: header src; msgr2: the sender's name from HELLO/IDENT when known

  // msgr2 ceph_msg_header2 only.
  uint64_t ack_seq = 0;
  uint8_t flags = 0;
  uint32_t data_pre_padding_len = 0;

  // Lengths as declared on the wire (equal to the sizes below when the
  // payload was collected).
  uint32_t front_len = 0;
  uint32_t middle_len = 0;
  uint32_t data_len = 0;

  std::vector<uint8_t> front;
  std::vector<uint8_t> middle;
  Pagelist data;

  // v1 footer flags and signature (msgr2 has none).
  uint8_t footer_flags = msgr1::kFooterComplete;
  uint64_t sig = 0;

  // Set by the parser: frame aborted by the sender (footer not COMPLETE, or
  // msgr2 late status), and payload bytes lost in capture gaps (zero-filled).
  bool aborted = false;
  uint64_t gap_bytes = 0;

  uint32_t data_page_offset() const { return data_off & (Pagelist::kPageSize - 1); }
  // Pages a receiver needs for the data, placed at data_page_offset().
  uint64_t data_page_count() const {
    if (data_len == 0) return 0;
    return (uint64_t(data_page_offset()) + data_len + Pagelist::kPageSize - 1) / Pagelist::kPageSize;
  }

  // Sets front/middle/data and the matching lengths.
  void set_front(Bytes b) {
    front.assign(b.begin(), b.end());
    front_len = uint32_t(front.size());
  }
  void set_middle(Bytes b) {
    middle.assign(b.begin(), b.end());
    middle_len = uint32_t(middle.size());
  }
  void set_data(Pagelist&& pl) {
    data = std::move(pl);
    data_len = uint32_t(data.length());
  }

  msgr1::MsgHeader v1_header() const;  // crc left 0
  msgr2::MsgHeader2 v2_header() const;
  void take_header(const msgr1::MsgHeader& h);
  void take_header(const msgr2::MsgHeader2& h);
};

}  // namespace cephwire
