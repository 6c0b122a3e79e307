// The pagelist behaves like the kernel's ceph_pagelist, including the edge
// cases of section 6.2 of the wire reference, minus the truncate defect.
#include "cephwire/pagelist.h"

#include <gtest/gtest.h>

#include <memory>
#include <numeric>
#include <random>
#include <string>

#include "cephwire/crc32c.h"

namespace cephwire {
namespace {

constexpr size_t P = Pagelist::kPageSize;

void expect_invariant(const Pagelist& pl) { EXPECT_EQ(pl.length() + pl.room(), pl.num_pages() * P); }

std::vector<uint8_t> pattern(size_t n, uint8_t start = 0) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = uint8_t(start + i * 13);
  return v;
}

TEST(Pagelist, StartsEmpty) {
  Pagelist pl;
  EXPECT_EQ(pl.length(), 0u);
  EXPECT_EQ(pl.room(), 0u);
  EXPECT_EQ(pl.num_pages(), 0u);
  EXPECT_TRUE(pl.spans().empty());
}

TEST(Pagelist, FirstAppendOnEmptyListAllocatesOnePage) {
  Pagelist pl;
  pl.append("abc", 3);
  EXPECT_EQ(pl.num_pages(), 1u);
  EXPECT_EQ(pl.length(), 3u);
  EXPECT_EQ(pl.room(), P - 3);
  expect_invariant(pl);
}

TEST(Pagelist, ZeroLengthAppendIsANoOp) {
  Pagelist pl;
  pl.append(nullptr, 0);
  EXPECT_EQ(pl.num_pages(), 0u);
  pl.append("x", 1);
  pl.append(nullptr, 0);
  EXPECT_EQ(pl.length(), 1u);
  EXPECT_EQ(pl.num_pages(), 1u);
}

TEST(Pagelist, ExactFitDoesNotAllocate) {
  Pagelist pl;
  auto a = pattern(100);
  pl.append(a);
  auto b = pattern(P - 100, 7);
  pl.append(b);  // fills the tail exactly
  EXPECT_EQ(pl.num_pages(), 1u);
  EXPECT_EQ(pl.room(), 0u);
  expect_invariant(pl);
  pl.append("z", 1);  // the next non-empty append adds the page
  EXPECT_EQ(pl.num_pages(), 2u);
  expect_invariant(pl);
  auto all = a;
  all.insert(all.end(), b.begin(), b.end());
  all.push_back('z');
  EXPECT_TRUE(pl.equals(all));
}

TEST(Pagelist, AppendAcrossManyPages) {
  Pagelist pl;
  auto v = pattern(3 * P + 123);
  pl.append(v);
  EXPECT_EQ(pl.num_pages(), 4u);
  expect_invariant(pl);
  EXPECT_EQ(pl.to_vector(), v);
  auto spans = pl.spans();
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0].size(), P);
  EXPECT_EQ(spans[3].size(), 123u);
}

TEST(Pagelist, EncodersAreLittleEndian) {
  Pagelist pl;
  pl.encode_8(0x01);
  pl.encode_16(0x0302);
  pl.encode_32(0x07060504);
  pl.encode_64(0x0f0e0d0c0b0a0908ull);
  pl.encode_string("hi");
  pl.encode_string("");  // the length is written even for an empty string
  std::vector<uint8_t> want = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 2, 0, 0, 0, 'h', 'i', 0, 0, 0, 0};
  EXPECT_EQ(pl.to_vector(), want);
}

TEST(Pagelist, ReserveIsConsumedBeforeAllocation) {
  Pagelist pl;
  pl.append("a", 1);
  pl.reserve(3 * P);  // room is P-1: needs 3 more pages (ceil((3P-(P-1))/P) = 3)
  EXPECT_EQ(pl.num_pages_free(), 3u);
  pl.reserve(2 * P);  // idempotent: already enough
  EXPECT_EQ(pl.num_pages_free(), 3u);
  pl.reserve(P - 1);  // fits in room
  EXPECT_EQ(pl.num_pages_free(), 3u);
  auto v = pattern(2 * P);
  pl.append(v);
  EXPECT_EQ(pl.num_pages(), 3u);
  EXPECT_EQ(pl.num_pages_free(), 1u);  // two reserved pages were used
  expect_invariant(pl);
  pl.free_reserve();
  EXPECT_EQ(pl.num_pages_free(), 0u);
  EXPECT_EQ(pl.num_pages(), 3u);
}

TEST(Pagelist, TruncateRestoresLengthAcrossPages) {
  // The acceptance case: append A, set_cursor, append B across pages,
  // truncate, append C => content is A || C (the kernel kept the old length).
  Pagelist pl;
  auto a = pattern(P - 10, 1);
  auto b = pattern(2 * P + 50, 2);
  auto c = pattern(30, 3);
  pl.append(a);
  auto cur = pl.set_cursor();
  pl.append(b);
  EXPECT_EQ(pl.num_pages(), 4u);  // 10 bytes fill page 1, then three more pages
  ASSERT_TRUE(pl.truncate(cur));
  EXPECT_EQ(pl.length(), a.size());
  EXPECT_EQ(pl.num_pages(), 1u);
  EXPECT_EQ(pl.num_pages_free(), 3u);  // pages after the cursor go back to the free list
  expect_invariant(pl);
  pl.append(c);
  auto want = a;
  want.insert(want.end(), c.begin(), c.end());
  EXPECT_TRUE(pl.equals(want));
  expect_invariant(pl);
  EXPECT_EQ(pl.num_pages_free(), 2u);  // the new page came from the free list
}

TEST(Pagelist, TruncateToEmptyAndAtPageBoundary) {
  Pagelist pl;
  auto cur0 = pl.set_cursor();
  pl.append(pattern(P));  // exactly one full page
  auto cur1 = pl.set_cursor();
  pl.append(pattern(10));
  ASSERT_TRUE(pl.truncate(cur1));
  EXPECT_EQ(pl.length(), P);
  EXPECT_EQ(pl.room(), 0u);
  expect_invariant(pl);
  ASSERT_TRUE(pl.truncate(cur0));
  EXPECT_EQ(pl.length(), 0u);
  EXPECT_EQ(pl.num_pages(), 0u);
  expect_invariant(pl);
  pl.append("q", 1);
  EXPECT_TRUE(pl.equals(std::vector<uint8_t>{'q'}));
}

TEST(Pagelist, TruncateRejectsForeignOrStaleCursor) {
  Pagelist a, b;
  a.append("123", 3);
  auto ca = a.set_cursor();
  EXPECT_FALSE(b.truncate(ca));
  a.append("45", 2);
  auto later = a.set_cursor();
  ASSERT_TRUE(a.truncate(ca));
  EXPECT_FALSE(a.truncate(later));  // beyond the current end
  EXPECT_EQ(a.length(), 3u);
}

TEST(Pagelist, ReleaseFreesEverything) {
  Pagelist pl;
  pl.append(pattern(5 * P));
  pl.reserve(10 * P);
  pl.release();
  EXPECT_EQ(pl.length(), 0u);
  EXPECT_EQ(pl.num_pages(), 0u);
  EXPECT_EQ(pl.num_pages_free(), 0u);
  expect_invariant(pl);
}

TEST(Pagelist, MoveOnlyAndSharedByRef) {
  static_assert(!std::is_copy_constructible_v<Pagelist>);
  static_assert(std::is_nothrow_move_constructible_v<Pagelist>);
  Pagelist pl;
  pl.append(pattern(100));
  const uint8_t* first = pl.spans()[0].data();
  Pagelist moved = std::move(pl);
  EXPECT_EQ(moved.spans()[0].data(), first);  // pages move, bytes do not
  PagelistRef shared = std::make_shared<const Pagelist>(std::move(moved));
  PagelistRef other = shared;  // a message and a sender both hold it
  EXPECT_EQ(other.use_count(), 2);
  EXPECT_EQ(other->length(), 100u);
}

TEST(Pagelist, CrcOverPagesEqualsCrcOfBytes) {
  std::mt19937 rng(5);
  Pagelist pl;
  std::vector<uint8_t> all;
  for (int i = 0; i < 50; ++i) {
    auto piece = pattern(rng() % 1000, uint8_t(i));
    pl.append(piece);
    all.insert(all.end(), piece.begin(), piece.end());
  }
  for (uint32_t seed : {0u, 0xffffffffu, 42u}) EXPECT_EQ(pl.crc32c(seed), ceph_crc32c(seed, all));
}

TEST(Pagelist, CursorWalksPageByPage) {
  Pagelist pl;
  auto v = pattern(2 * P + 700);
  pl.append(v);
  PagelistCursor c(pl, pl.length());
  std::vector<uint8_t> seen;
  int new_pieces = 0;
  while (c.resid() > 0) {
    auto piece = c.next();
    ASSERT_LE(piece.size(), P);
    // Advance in two steps inside the piece, as a partial send would.
    size_t half = piece.size() / 2;
    seen.insert(seen.end(), piece.begin(), piece.begin() + half);
    EXPECT_FALSE(c.advance(half));
    auto rest = c.next();
    seen.insert(seen.end(), rest.begin(), rest.end());
    new_pieces += c.advance(rest.size());
  }
  EXPECT_EQ(seen, v);
  EXPECT_EQ(new_pieces, 2);  // crossed into page 2 and page 3
  PagelistCursor limited(pl, 10);  // resid is min(length, pagelist length)
  EXPECT_EQ(limited.resid(), 10u);
  EXPECT_EQ(limited.next().size(), 10u);
  EXPECT_THROW(limited.advance(11), std::out_of_range);
}

}  // namespace
}  // namespace cephwire
