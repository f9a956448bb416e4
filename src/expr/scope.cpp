#include "kamscore/expr/compile.hpp"

namespace kamscore::expr {

void Scope::add_slot(std::string name, Type type, int slot) {
    Binding binding;
    binding.type = type;
    binding.slot = slot;
    bindings_.insert_or_assign(std::move(name), std::move(binding));
}

void Scope::add_constant(std::string name, Value value) {
    Binding binding;
    binding.type = value.type;
    binding.constant = std::move(value);
    bindings_.insert_or_assign(std::move(name), std::move(binding));
}

void Scope::add_unavailable(std::string name, Type type, std::string reason) {
    Binding binding;
    binding.type = type;
    binding.unavailable = std::move(reason);
    bindings_.insert_or_assign(std::move(name), std::move(binding));
}

const Binding* Scope::find(std::string_view name) const {
    auto it = bindings_.find(name);
    return it == bindings_.end() ? nullptr : &it->second;
}

std::vector<std::string> Scope::usable_names() const {
    std::vector<std::string> names;
    for (const auto& [name, binding] : bindings_)
        if (binding.unavailable.empty()) names.push_back(name);
    return names;
}

}  // namespace kamscore::expr
