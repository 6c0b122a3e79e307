// libFuzzer target for the pagelist: random operations checked against a
// plain byte vector, and the length + room == pages * 4096 invariant.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "cephwire/pagelist.h"

using namespace cephwire;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Pagelist pl;
  std::vector<uint8_t> model;
  Pagelist::Cursor cur = pl.set_cursor();
  size_t cur_len = 0;
  for (size_t i = 0; i + 2 < size; i += 3) {
    size_t n = (size_t(data[i + 1]) | size_t(data[i + 2]) << 8) % 9000;
    switch (data[i] % 6) {
      case 0:
      case 1: {
        std::vector<uint8_t> b(n, data[i + 1]);
        pl.append(b);
        model.insert(model.end(), b.begin(), b.end());
        break;
      }
      case 2: pl.reserve(n); break;
      case 3: pl.free_reserve(); break;
      case 4:
        cur = pl.set_cursor();
        cur_len = model.size();
        break;
      case 5:
        if (pl.truncate(cur)) model.resize(cur_len);
        break;
    }
    if (pl.length() != model.size() || pl.length() + pl.room() != pl.num_pages() * Pagelist::kPageSize)
      std::abort();
  }
  if (!pl.equals(model) || pl.to_vector() != model) std::abort();
  return 0;
}
