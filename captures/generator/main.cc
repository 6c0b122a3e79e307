// cephwire-gen: writes the synthetic captures and their manifests.
#include <cstdio>
#include <exception>

#include "scenarios.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  try {
    cephwire::gen::write_all(argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cephwire-gen: %s\n", e.what());
    return 1;
  }
  return 0;
}
