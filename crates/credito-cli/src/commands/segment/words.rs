//! The words and number formats of the segmentation report, in Brazilian Portuguese (the
//! default) and English.

use collection_policy::ClientState;
use risk_features::Bucket;
use segmentation::PsiBand;

/// Report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Português do Brasil: `R$ 356.031,35`, `14,2 %`.
    Pt,
    /// English: `R$ 356,031.35`, `14.2 %`.
    En,
}

/// Every label of the report in one language.
pub struct Words {
    pub html_lang: &'static str,
    pub title: &'static str,
    pub input: &'static str,
    pub generated: &'static str,
    pub program: &'static str,
    pub policy_version: &'static str,
    pub model: &'static str,
    pub model_fitted_now: &'static str,
    pub model_loaded: &'static str,
    pub fit_clients: &'static str,
    pub clients: &'static str,
    pub silhouette: &'static str,
    pub auc: &'static str,
    pub rising: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub all_clients: &'static str,
    pub segment: &'static str,
    pub profile: &'static str,
    pub share: &'static str,
    pub defaulters: &'static str,
    pub default_rate: &'static str,
    pub exposure: &'static str,
    pub exposure_note: &'static str,
    pub mean_of: &'static str,
    pub total: &'static str,
    pub policy_title: &'static str,
    pub objective: &'static str,
    pub channel: &'static str,
    pub tone: &'static str,
    pub action: &'static str,
    pub human: &'static str,
    pub policy_missing: &'static str,
    pub states_title: &'static str,
    pub states_note: &'static str,
    pub lifted: &'static str,
    pub charts_title: &'static str,
    pub clients_per_segment: &'static str,
    pub default_by_segment: &'static str,
    pub distributions_title: &'static str,
    pub distribution_caption: &'static str,
    pub log_scale: &'static str,
    pub roll_title: &'static str,
    pub roll_note: &'static str,
    pub from_to: &'static str,
    pub months: &'static str,
    pub cure_rate: &'static str,
    pub entry_rate: &'static str,
    pub transitions: &'static str,
    pub stability_title: &'static str,
    pub stability_note: &'static str,
    pub stability_missing: &'static str,
    pub measure: &'static str,
    pub segment_shares: &'static str,
    pub band: &'static str,
    pub migration_title: &'static str,
    pub migration_note: &'static str,
    pub matched: &'static str,
    pub new_clients: &'static str,
    pub gone_clients: &'static str,
    pub worsened: &'static str,
    pub improved: &'static str,
    pub before: &'static str,
    pub holdout_fit: &'static str,
    pub holdout_held: &'static str,
    pub definitions_title: &'static str,
    pub data_note: &'static str,
}

pub const PT: Words = Words {
    html_lang: "pt-BR",
    title: "Segmentação da carteira de cobrança",
    input: "Arquivo de entrada",
    generated: "Gerado em",
    program: "Versão do credito",
    policy_version: "Política de cobrança",
    model: "Modelo",
    model_fitted_now: "Modelo ajustado nesta execução",
    model_loaded: "Modelo carregado de",
    fit_clients: "clientes no ajuste",
    clients: "Clientes",
    silhouette: "Silhueta (coesão dos segmentos, de -1 a 1)",
    auc: "AUC do número do segmento contra a inadimplência",
    rising: "Inadimplência crescente do segmento 0 ao último",
    yes: "sim",
    no: "não",
    all_clients: "Todos os clientes",
    segment: "Segmento",
    profile: "Perfil",
    share: "Participação",
    defaulters: "Inadimplentes",
    default_rate: "Taxa de inadimplência",
    exposure: "Exposição",
    exposure_note: "Exposição: soma das faturas atuais (BILL_AMT1) dos clientes do segmento.",
    mean_of: "média",
    total: "Total",
    policy_title: "Política por segmento",
    objective: "Objetivo",
    channel: "Canal",
    tone: "Tom",
    action: "Ação recomendada",
    human: "Atendimento humano",
    policy_missing: "A política carregada não tem o mesmo número de segmentos que o modelo; \
                     nenhuma ação é atribuída.",
    states_title: "Situação dos clientes por segmento",
    states_note: "A situação vem do histórico de cada cliente. Clientes graves são tratados \
                  como o segmento de maior risco e clientes recorrentes nunca como o de menor \
                  risco, seja qual for o segmento atribuído.",
    lifted: "Tratados acima do segmento",
    charts_title: "Tamanho e inadimplência",
    clients_per_segment: "Clientes por segmento",
    default_by_segment: "Taxa de inadimplência por segmento",
    distributions_title: "Distribuição dos sinais por segmento",
    distribution_caption: "percentis 5 a 95 (linha), 25 a 75 (caixa) e mediana",
    log_scale: "escala logarítmica",
    roll_title: "Rolagem entre faixas de atraso",
    roll_note: "Transições mês a mês nos seis meses de histórico (cinco pares de meses por \
                cliente). Cada linha soma 100 %: de onde o cliente estava para onde foi no mês \
                seguinte. Taxa de cura: parcela dos meses em atraso seguidos de um mês em dia.",
    from_to: "De \\ para",
    months: "Meses na faixa",
    cure_rate: "Taxa de cura",
    entry_rate: "Entrada em atraso",
    transitions: "transições",
    stability_title: "Estabilidade em relação ao ajuste (PSI)",
    stability_note: "Índice de estabilidade populacional contra a população do ajuste: \
                     abaixo de 0,10 estável, de 0,10 a 0,25 atenção, acima de 0,25 mudança \
                     significativa (reajuste o modelo).",
    stability_missing: "O modelo carregado não guarda a distribuição dos sinais do ajuste; \
                        ajuste-o de novo com esta versão para medir o PSI.",
    measure: "Medida",
    segment_shares: "Participação dos segmentos",
    band: "Faixa",
    migration_title: "Migração entre segmentos",
    migration_note: "Clientes encontrados pelo ID na atribuição anterior: linha = segmento \
                     anterior, coluna = segmento atual.",
    matched: "Encontrados",
    new_clients: "Novos",
    gone_clients: "Saíram",
    worsened: "Pioraram",
    improved: "Melhoraram",
    before: "Antes",
    holdout_fit: "Validação: parte usada no ajuste",
    holdout_held: "Validação: clientes que o modelo não viu",
    definitions_title: "Definições dos sinais",
    data_note: "Dados de exemplo: Yeh, I. C. (2009). Default of Credit Card Clients. UCI \
                Machine Learning Repository, CC BY 4.0, doi:10.24432/C55S3H.",
};

pub const EN: Words = Words {
    html_lang: "en",
    title: "Collection portfolio segmentation",
    input: "Input file",
    generated: "Generated",
    program: "credito version",
    policy_version: "Collection policy",
    model: "Model",
    model_fitted_now: "Model fitted in this run",
    model_loaded: "Model loaded from",
    fit_clients: "clients at fit",
    clients: "Clients",
    silhouette: "Silhouette (segment cohesion, -1 to 1)",
    auc: "AUC of the segment number against default",
    rising: "Default rate rising from segment 0 to the last",
    yes: "yes",
    no: "no",
    all_clients: "All clients",
    segment: "Segment",
    profile: "Profile",
    share: "Share",
    defaulters: "Defaulters",
    default_rate: "Default rate",
    exposure: "Exposure",
    exposure_note: "Exposure: sum of the segment's current bills (BILL_AMT1).",
    mean_of: "mean",
    total: "Total",
    policy_title: "Policy per segment",
    objective: "Objective",
    channel: "Channel",
    tone: "Tone",
    action: "Recommended action",
    human: "Human agent",
    policy_missing: "The loaded policy does not have the model's number of segments; no \
                     action is assigned.",
    states_title: "Client states per segment",
    states_note: "The state comes from each client's own history. Severe clients are handled \
                  as the highest-risk segment and recurrent ones never as the lowest, whatever \
                  segment they were assigned.",
    lifted: "Handled above their segment",
    charts_title: "Size and default",
    clients_per_segment: "Clients per segment",
    default_by_segment: "Default rate by segment",
    distributions_title: "Signal distributions by segment",
    distribution_caption: "5th to 95th percentile (line), 25th to 75th (box) and median",
    log_scale: "log scale",
    roll_title: "Roll rates between delinquency buckets",
    roll_note: "Month-to-month transitions over the six months of history (five month pairs \
                per client). Each row sums to 100 %: where clients went the next month. Cure \
                rate: share of late months followed by a current month.",
    from_to: "From \\ to",
    months: "Months in bucket",
    cure_rate: "Cure rate",
    entry_rate: "Entry into delinquency",
    transitions: "transitions",
    stability_title: "Stability against the fit population (PSI)",
    stability_note:
        "Population stability index against the fit population: below 0.10 \
                     stable, 0.10 to 0.25 moderate, above 0.25 significant shift (refit the model).",
    stability_missing: "The loaded model does not keep the fit population's signal \
                        distribution; refit it with this version to measure the PSI.",
    measure: "Measure",
    segment_shares: "Segment shares",
    band: "Band",
    migration_title: "Migration between segments",
    migration_note: "Clients matched by ID in the previous assignment: row = previous segment, \
                     column = current segment.",
    matched: "Matched",
    new_clients: "New",
    gone_clients: "Gone",
    worsened: "Worsened",
    improved: "Improved",
    before: "Before",
    holdout_fit: "Held-out check: fit part",
    holdout_held: "Held-out check: clients the model never saw",
    definitions_title: "Signal definitions",
    data_note: "Example data: Yeh, I. C. (2009). Default of Credit Card Clients. UCI Machine \
                Learning Repository, CC BY 4.0, doi:10.24432/C55S3H.",
};

impl Lang {
    /// The labels of this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::Pt => &PT,
            Lang::En => &EN,
        }
    }

    /// A number with `places` decimals, grouped in thousands.
    pub fn number(self, value: f64, places: usize) -> String {
        let br = br_format::number(value, places);
        match self {
            Lang::Pt => br,
            Lang::En => swap_separators(&br),
        }
    }

    /// Money in reais.
    pub fn money(self, value: f64) -> String {
        let br = br_format::brl(value);
        match self {
            Lang::Pt => br,
            Lang::En => swap_separators(&br),
        }
    }

    /// A share as a percentage with `places` decimals.
    pub fn percent(self, share: f64, places: usize) -> String {
        format!("{} %", self.number(share * 100.0, places))
    }

    /// A signal's readable name.
    pub fn signal_name(self, code: &str) -> &'static str {
        let (pt, en) = match code {
            "score_gravidade" => ("Gravidade dos atrasos", "Severity of delays"),
            "freq_atrasos" => ("Meses em atraso (de 6)", "Late months (of 6)"),
            "razao_pagamento_6m" => ("Parcela paga da fatura", "Share of bills paid"),
            "taxa_uso_limite" => ("Uso do limite", "Credit limit in use"),
            "limite_credito" => ("Limite de crédito", "Credit limit"),
            _ => ("", ""),
        };
        match self {
            Lang::Pt => pt,
            Lang::En => en,
        }
    }

    /// A signal's definition.
    pub fn signal_definition(self, code: &str) -> &'static str {
        let (pt, en) = match code {
            "score_gravidade" => (
                "Soma dos quadrados dos meses de atraso de cada um dos seis meses (PAY_0 a \
                 PAY_6 positivos): dois meses com 2 meses de atraso valem 8. Muito \
                 concentrada em zero, por isso é agrupada e mostrada em escala logarítmica.",
                "Sum of the squared months late of each of the six months (positive PAY_0 to \
                 PAY_6): two months 2 months late count 8. Mostly zero, so it is clustered and \
                 shown on a log scale.",
            ),
            "freq_atrasos" => (
                "Quantos dos seis meses tiveram atraso (0 a 6).",
                "How many of the six months were late (0 to 6).",
            ),
            "razao_pagamento_6m" => (
                "Total pago nos seis meses dividido pelo total faturado, limitado a 0–1 (1 \
                 quando nada foi faturado).",
                "Total paid over six months divided by the total billed, capped to 0–1 (1 \
                 when nothing was billed).",
            ),
            "taxa_uso_limite" => (
                "Fatura atual dividida pelo limite de crédito, limitada a 0–1,5.",
                "Current bill divided by the credit limit, capped to 0–1.5.",
            ),
            "limite_credito" => (
                "Limite de crédito concedido, em reais (não entra no agrupamento).",
                "Credit limit granted, in reais (not used for clustering).",
            ),
            _ => ("", ""),
        };
        match self {
            Lang::Pt => pt,
            Lang::En => en,
        }
    }

    /// A client state's name.
    pub fn state(self, state: ClientState) -> &'static str {
        match (self, state) {
            (Lang::Pt, _) => state.label(),
            (Lang::En, ClientState::EmDia) => "Never late",
            (Lang::En, ClientState::Inativo) => "Inactive",
            (Lang::En, ClientState::AtrasoPontual) => "Late once or twice",
            (Lang::En, ClientState::Recorrente) => "Recurrent",
            (Lang::En, ClientState::Grave) => "Severe",
        }
    }

    /// A delinquency bucket's name.
    pub fn bucket(self, bucket: Bucket) -> &'static str {
        match (self, bucket) {
            (Lang::Pt, Bucket::Current) => "Em dia",
            (Lang::En, Bucket::Current) => "Current",
            (Lang::Pt, Bucket::Late1) => "1 mês",
            (Lang::En, Bucket::Late1) => "1 month",
            (Lang::Pt, Bucket::Late2) => "2 meses",
            (Lang::En, Bucket::Late2) => "2 months",
            (Lang::Pt, Bucket::Late3Plus) => "3+ meses",
            (Lang::En, Bucket::Late3Plus) => "3+ months",
        }
    }

    /// A PSI band's name.
    pub fn band(self, band: PsiBand) -> &'static str {
        match (self, band) {
            (Lang::Pt, PsiBand::Stable) => "estável",
            (Lang::En, PsiBand::Stable) => "stable",
            (Lang::Pt, PsiBand::Moderate) => "atenção",
            (Lang::En, PsiBand::Moderate) => "moderate",
            (Lang::Pt, PsiBand::Significant) => "mudança significativa",
            (Lang::En, PsiBand::Significant) => "significant shift",
        }
    }
}

/// `1.234,56` → `1,234.56`.
fn swap_separators(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(Lang::Pt.money(356_031.35), "R$ 356.031,35");
        assert_eq!(Lang::En.money(356_031.35), "R$ 356,031.35");
        assert_eq!(Lang::Pt.percent(0.142, 1), "14,2 %");
        assert_eq!(Lang::En.percent(0.142, 1), "14.2 %");
        assert_eq!(Lang::Pt.number(30_000.0, 0), "30.000");
    }
}
