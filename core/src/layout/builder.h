// Appends laid fields in tree order: a Group opens a level, close() ends it.
// Wire fields read their value from the bytes the layout is of.
#pragma once

#include <string>
#include <vector>

#include "cephwire/entity.h"
#include "cephwire/layout.h"

namespace cephwire::layout {

class Builder {
 public:
  Builder(std::vector<LaidField>& out, Bytes src, uint8_t depth = 0, uint8_t source = 0)
      : out_(out), src_(src), depth_(depth), source_(source) {}

  LaidField& wire(const char* name, uint32_t off, uint32_t len);
  LaidField& uint(const char* name, uint32_t off, uint32_t len, uint64_t v);
  LaidField& sint(const char* name, uint32_t off, uint32_t len, int64_t v);
  LaidField& text(const char* name, uint32_t off, uint32_t len, std::string v);
  LaidField& boolean(const char* name, uint32_t off, uint32_t len, bool v);
  LaidField& features(const char* name, uint32_t off, uint64_t v);
  LaidField& bytes(const char* name, uint32_t off, uint32_t len);
  // A CRC at `off`: `computed` over the bytes it covers; `what` names it ("front").
  LaidField& crc(const char* name, uint32_t off, uint32_t computed, bool verifiable, bool zero_may_be_unset,
                 std::string what, const LayoutOptions& o);
  // Opens a subtree (an item of field `name`, or a label when name is null).
  LaidField& open(GroupKind g, const char* name, uint32_t off, uint32_t len, std::string label = {});
  void close() { --depth_; }
  // A note about field `target` (an index, see last()), or on off/len of its own when target is -1.
  void note(FieldNote n, int32_t target, std::string words = {}, uint32_t off = 0, uint32_t len = 0);
  int32_t last() const { return int32_t(out_.size()) - 1; }
  // Later fields lie in other bytes (source 1: a decompressed frame).
  void use(Bytes src, uint8_t source) {
    src_ = src;
    source_ = source;
  }
  // An address (or vector) as Ceph prints it, each address's parts beneath
  // it on their own bytes. `legacy`: the 136-byte v1 form.
  void addrs(const char* name, uint32_t off, uint32_t len, const std::vector<EntityAddr>& a, const std::string& shown,
             bool legacy = false);

  Bytes src() const { return src_; }
  uint8_t depth() const { return depth_; }
  // Room for n more fields (a decoded front's), grown once.
  void reserve(size_t n) { out_.reserve(out_.size() + n); }
  uint8_t source() const { return source_; }

 private:
  LaidField& push(FieldKind k, const char* name, uint32_t off, uint32_t len);
  std::vector<LaidField>& out_;
  Bytes src_;
  uint8_t depth_;
  uint8_t source_;
};

}  // namespace cephwire::layout
