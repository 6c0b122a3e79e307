// The committed synthetic captures are exactly what the generator writes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace fs = std::filesystem;

namespace {

std::vector<char> slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}

TEST(Generator, CommittedSyntheticCapturesAreReproducible) {
  const fs::path out = fs::temp_directory_path() / ("cephwire-gen-" + std::to_string(::getpid()));
  const std::string cmd = std::string(CEPHWIRE_GEN) + " " + out.string();
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  size_t files = 0;
  for (auto& e : fs::directory_iterator(out)) {
    const fs::path committed = fs::path(CEPHWIRE_CAPTURES) / "synthetic" / e.path().filename();
    ASSERT_TRUE(fs::exists(committed)) << committed << " is not committed; run cephwire-gen captures/synthetic";
    EXPECT_TRUE(slurp(committed) == slurp(e.path())) << committed << " differs from what the generator writes";
    ++files;
  }
  EXPECT_GE(files, 30u);
  fs::remove_all(out);
}

}  // namespace
