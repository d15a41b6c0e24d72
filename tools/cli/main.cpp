#include <cstdio>

int main() {
    std::fprintf(stderr, "boardwalk: no board yet\n");
    return 1;
}
