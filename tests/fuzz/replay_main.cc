// Runs a fuzz target's entry point on the files named on the command line,
// without libFuzzer: how the ordinary test build replays the inputs that once
// crashed a fuzzer (tests/fuzz/regressions/). A crash or abort fails the test.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::ifstream f(argv[i], std::ios::binary);
    if (!f) {
      std::fprintf(stderr, "cannot read %s\n", argv[i]);
      return 2;
    }
    std::vector<uint8_t> input((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(input.data(), input.size());
    std::printf("%s: %zu bytes, no crash\n", argv[i], input.size());
  }
  return 0;
}
