//! Dates, times, money and percentages.
