#pragma once

#include <cmath>

namespace kamscore {

/// Neumaier's compensated sum: a plain running sum of 100,000 revenues drifts in the last
/// printed digits (9144791.290000007 for cents that add up to 9144791.29); this keeps the
/// error at one rounding.
class CompensatedSum {
public:
    void add(double value) {
        const double total = sum_ + value;
        compensation_ += std::fabs(sum_) >= std::fabs(value) ? (sum_ - total) + value : (value - total) + sum_;
        sum_ = total;
    }
    double value() const { return sum_ + compensation_; }

private:
    double sum_ = 0;
    double compensation_ = 0;
};

}  // namespace kamscore
