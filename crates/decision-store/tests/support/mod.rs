pub mod campaigns;
pub mod postgres;
