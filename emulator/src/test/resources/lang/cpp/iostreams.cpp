#include <iostream>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>
#include <map>

int main() {
    std::cout << "hello from C++" << std::endl;
    std::cout << 42 << ' ' << -7 << ' ' << 1234567890123LL << '\n';
    std::cout << std::hex << 255 << ' ' << std::showbase << 255 << std::dec << std::noshowbase << '\n';
    std::cout << std::oct << 8 << std::dec << '\n';
    std::cout << std::setw(8) << std::setfill('*') << 42 << std::setfill(' ') << '|' << std::left << std::setw(6) << "ab" << "|\n";
    std::cout << std::right;
    std::cout << 3.14159265358979 << ' ' << 1e21 << ' ' << 1.0 / 3 << '\n';
    std::cout << std::fixed << std::setprecision(3) << 2.0 / 3 << ' ' << 1e6 << '\n';
    std::cout << std::scientific << 12345.678 << '\n';
    std::cout << std::defaultfloat << std::setprecision(17) << 0.1 << '\n';
    std::cout << std::boolalpha << true << ' ' << false << '\n';
    std::ostringstream os;
    os << "v=" << 17 << ",f=" << 2.5f;
    std::cout << os.str() << '\n';
    std::istringstream is("12 34.5 word 0x1f");
    int a; double b; std::string w; int h;
    is >> a >> b >> w >> std::hex >> h;
    std::cout << std::dec << a + 1 << ' ' << b * 2 << ' ' << w << ' ' << h << '\n';
    std::map<std::string, std::vector<int>> m{{"one", {1}}, {"two", {2, 2}}};
    for (const auto& [k, v] : m) std::cout << k << ':' << v.size() << ' ';
    std::cout << '\n';
    std::cerr << "to cerr " << 99 << std::endl;
    return 0;
}
