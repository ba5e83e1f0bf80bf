//! The SVG of the CreditAI risk system: the risk terms with the score marked,
//! drawn by the generic engine's renderer.

use mamdani::{Evaluation, SvgOptions};

use super::{CreditRiskSystem, RiskAssessment, RiskInput, RiskLevel};

impl CreditRiskSystem {
    /// An SVG of the risk terms with the assessment's score marked, and each
    /// input's terms with its value marked (see [`SvgOptions`] to change the
    /// layout or leave the inputs out with [`render_svg_with`](Self::render_svg_with)).
    pub fn render_svg(&self, input: &RiskInput, assessment: &RiskAssessment) -> String {
        self.render_svg_with(Some(input), assessment, &SvgOptions::default())
    }

    /// [`render_svg`](Self::render_svg) with explicit options; `input` may be
    /// omitted (no input panels are drawn then).
    pub fn render_svg_with(
        &self,
        input: Option<&RiskInput>,
        assessment: &RiskAssessment,
        options: &SvgOptions,
    ) -> String {
        let system = self.system();
        // The output cuts, rebuilt from the explanation: max activation of
        // the fired rules concluding each term.
        let mut cuts = vec![0.0f64; system.output().terms().len()];
        for fired in &assessment.fired_rules {
            let then = system
                .spec()
                .rules
                .get(usize::from(fired.rule).wrapping_sub(1))
                .and_then(|r| system.output().term_index(&r.then));
            if let Some(t) = then {
                cuts[t] = cuts[t].max(fired.activation);
            }
        }
        let evaluation = Evaluation {
            input_memberships: Vec::new(),
            rule_activations: Vec::new(),
            term_activations: cuts,
            output: assessment.risk_score,
        };
        let crisp = input.map(Self::crisp);
        let options = SvgOptions {
            include_inputs: options.include_inputs && input.is_some(),
            ..*options
        };
        let suffix = match assessment.risk_level {
            RiskLevel::Low => " (low risk)",
            RiskLevel::Medium => " (medium risk)",
            RiskLevel::High => " (high risk)",
            RiskLevel::Undetermined => "",
        };
        system.render_svg_titled(
            crisp.as_ref().map(|c| c.as_slice()),
            Some(&evaluation),
            &options,
            suffix,
        )
    }
}
