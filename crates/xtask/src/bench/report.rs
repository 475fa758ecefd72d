//! Figures, budgets and the report the benchmark writes.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};

/// One measured quantity: every sample, summarised by its median and spread.
#[derive(Clone, Debug)]
pub struct Figure {
    /// Which group it belongs to ("size", "page", "interaction", "endpoint").
    pub group: &'static str,
    /// What was measured ("wasm brotli", "headline in DOM, 4× CPU").
    pub name: String,
    /// The unit of the samples ("KB", "ms", "req/s", "MB", "errors").
    pub unit: &'static str,
    /// Every sample, in measuring order.
    pub samples: Vec<f64>,
    /// The floor or ceiling it is compared with (the static page, the static file), if any.
    pub reference: Option<f64>,
    /// The budget it must hold, if any.
    pub budget: Option<Budget>,
}

/// A limit a figure must stay within.
#[derive(Clone, Copy, Debug)]
pub enum Budget {
    /// The median must be at most this.
    AtMost(f64),
    /// The median must be at least this.
    AtLeast(f64),
    /// The median divided by the reference must be at most this.
    RatioAtMost(f64),
    /// The median divided by the reference must be at least this.
    RatioAtLeast(f64),
}

impl Figure {
    /// A figure with no reference and no budget.
    pub fn new(
        group: &'static str,
        name: impl Into<String>,
        unit: &'static str,
        samples: Vec<f64>,
    ) -> Self {
        Self {
            group,
            name: name.into(),
            unit,
            samples,
            reference: None,
            budget: None,
        }
    }

    /// Compares with a floor or ceiling.
    pub fn against(mut self, reference: f64) -> Self {
        self.reference = Some(reference);
        self
    }

    /// Holds the figure to a budget.
    pub fn within(mut self, budget: Budget) -> Self {
        self.budget = Some(budget);
        self
    }

    /// The median sample.
    pub fn median(&self) -> f64 {
        median(&self.samples)
    }

    /// The smallest and largest samples.
    pub fn spread(&self) -> (f64, f64) {
        let min = self.samples.iter().copied().fold(f64::INFINITY, f64::min);
        let max = self
            .samples
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        (min, max)
    }

    /// The median over the reference, when there is one.
    pub fn ratio(&self) -> Option<f64> {
        self.reference
            .filter(|r| *r > 0.0)
            .map(|r| self.median() / r)
    }

    /// Whether the figure holds its budget (`None` when it has none).
    pub fn holds(&self) -> Option<bool> {
        let median = self.median();
        Some(match self.budget? {
            Budget::AtMost(limit) => median <= limit,
            Budget::AtLeast(limit) => median >= limit,
            Budget::RatioAtMost(limit) => self.ratio().is_some_and(|r| r <= limit),
            Budget::RatioAtLeast(limit) => self.ratio().is_some_and(|r| r >= limit),
        })
    }

    fn budget_text(&self) -> String {
        match self.budget {
            None => String::new(),
            Some(Budget::AtMost(limit)) => format!("≤ {} {}", number(limit), self.unit),
            Some(Budget::AtLeast(limit)) => format!("≥ {} {}", number(limit), self.unit),
            Some(Budget::RatioAtMost(limit)) => format!("≤ {}× ref", number(limit)),
            Some(Budget::RatioAtLeast(limit)) => format!("≥ {}× ref", number(limit)),
        }
    }
}

/// The median of some samples (0 when there are none).
pub fn median(samples: &[f64]) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
    }
}

fn number(value: f64) -> String {
    if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else if value.abs() >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

/// The report as a Markdown table, for the terminal and the README.
pub fn markdown(figures: &[Figure], title: &str) -> String {
    let mut out = format!("## {title}\n\n");
    out.push_str(
        "| group | figure | median | spread (min–max) | reference | ratio | budget | ok |\n",
    );
    out.push_str("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |\n");
    for figure in figures {
        let (min, max) = figure.spread();
        let _ = writeln!(
            out,
            "| {} | {} | {} {} | {}–{} | {} | {} | {} | {} |",
            figure.group,
            figure.name,
            number(figure.median()),
            figure.unit,
            number(min),
            number(max),
            figure.reference.map(number).unwrap_or_default(),
            figure
                .ratio()
                .map(|r| format!("{r:.2}×"))
                .unwrap_or_default(),
            figure.budget_text(),
            match figure.holds() {
                Some(true) => "yes",
                Some(false) => "**NO**",
                None => "",
            }
        );
    }
    out
}

/// The report as JSON, for tools.
pub fn json(figures: &[Figure]) -> serde_json::Value {
    serde_json::Value::Array(
        figures
            .iter()
            .map(|figure| {
                serde_json::json!({
                    "group": figure.group,
                    "name": figure.name,
                    "unit": figure.unit,
                    "median": figure.median(),
                    "min": figure.spread().0,
                    "max": figure.spread().1,
                    "samples": figure.samples,
                    "reference": figure.reference,
                    "ratio": figure.ratio(),
                    "budget": figure.budget_text(),
                    "holds": figure.holds(),
                })
            })
            .collect(),
    )
}

/// Writes `report.md` and `report.json` into `dir`.
pub fn write(dir: &Path, figures: &[Figure], title: &str) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    std::fs::write(dir.join("report.md"), markdown(figures, title))?;
    std::fs::write(
        dir.join("report.json"),
        serde_json::to_string_pretty(&json(figures))?,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_budgets_judge_the_middle_sample() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        let slow = Figure::new("page", "headline", "ms", vec![90.0, 110.0, 100.0]);
        assert_eq!(
            slow.clone().within(Budget::AtMost(100.0)).holds(),
            Some(true)
        );
        assert_eq!(
            slow.clone().within(Budget::AtMost(99.0)).holds(),
            Some(false)
        );
        let ratio = slow.against(40.0).within(Budget::RatioAtMost(2.0));
        assert_eq!(ratio.ratio(), Some(2.5));
        assert_eq!(ratio.holds(), Some(false));
        assert_eq!(Figure::new("size", "css", "KB", vec![1.0]).holds(), None);
    }
}
