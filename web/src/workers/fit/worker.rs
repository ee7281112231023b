//! The fit worker's side: fits the models to the input the page sent, telling the page of each likelihood
//! evaluation, then sends the fits.

use kokyaku_core::analysis::ltv::{fit_models, FitInput};
use web_sys::DedicatedWorkerGlobalScope;

use crate::workers::protocol::FromWorker;
use crate::workers::serve::reply;

/// Answers a fit request with progress messages and the fits.
pub fn answer(scope: &DedicatedWorkerGlobalScope, input: &FitInput) {
    let fits = fit_models(input, &mut |p| reply(scope, &FromWorker::Progress(p)));
    reply(scope, &FromWorker::Done(Box::new(fits)));
}
