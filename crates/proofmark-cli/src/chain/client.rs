//! A JSON-RPC connection pinned to one chain id, with an optional signer, and the
//! registry's custom errors decoded from reverts.
use alloy::network::{EthereumWallet, TransactionBuilder};
use alloy::primitives::{Address, Bytes, U256};
use alloy::providers::{DynProvider, Provider, ProviderBuilder};
use alloy::rpc::types::{BlockId, TransactionReceipt, TransactionRequest};
use alloy::signers::local::PrivateKeySigner;
use alloy::sol_types::SolCall;
use alloy::transports::{RpcError, TransportErrorKind};
use anyhow::{Context, Result, anyhow, bail};

use super::abi::RegistryError;

pub use proofmark_core::anchor::reader::DEV_CHAIN_ID;

/// One RPC endpoint, checked to serve the expected chain.
#[derive(Clone)]
pub struct Chain {
    /// The endpoint, as the user gave it (reported in verdicts).
    pub rpc: String,
    /// The chain id the endpoint reported (and, when pinned, the one expected).
    pub chain_id: u64,
    /// The signer's address, when connected with one.
    pub sender: Option<Address>,
    provider: DynProvider,
}

/// The outcome of a call the registry may revert with one of its custom errors.
pub enum CallOutcome<T> {
    /// The call returned.
    Returned(T),
    /// The registry reverted with this error.
    Reverted(RegistryError),
}

impl Chain {
    /// Connects to `rpc` and checks its chain id against `expected` when given.
    pub async fn connect(rpc: &str, signer: Option<PrivateKeySigner>, expected: Option<u64>) -> Result<Self> {
        let url = rpc.parse().map_err(|_| anyhow!("--rpc {rpc} is not a URL"))?;
        let sender = signer.as_ref().map(PrivateKeySigner::address);
        let provider = match signer {
            Some(signer) => ProviderBuilder::new().wallet(EthereumWallet::from(signer)).connect_http(url).erased(),
            None => ProviderBuilder::new().connect_http(url).erased(),
        };
        let chain_id =
            provider.get_chain_id().await.with_context(|| format!("RPC {rpc} did not answer eth_chainId"))?;
        if let Some(expected) = expected
            && expected != chain_id
        {
            bail!("RPC {rpc} serves chain id {chain_id}, not the pinned {expected}");
        }
        Ok(Chain { rpc: rpc.to_string(), chain_id, sender, provider })
    }

    /// Sends a transaction (a deploy when `to` is `None`) and waits for its receipt;
    /// a revert is reported with the registry's error name.
    pub async fn send(&self, to: Option<Address>, input: Bytes, value: U256) -> Result<TransactionReceipt> {
        let from =
            self.sender.context("this command needs a key: --keystore, PROOFMARK_PRIVATE_KEY or --private-key")?;
        let mut tx = TransactionRequest::default().with_from(from).with_input(input).with_value(value);
        tx = match to {
            Some(to) => tx.with_to(to),
            None => tx.into_create(),
        };
        let pending = self.provider.send_transaction(tx).await.map_err(describe_revert)?;
        let receipt = pending.get_receipt().await.context("waiting for the transaction receipt")?;
        if !receipt.status() {
            bail!("transaction {} reverted", receipt.transaction_hash);
        }
        Ok(receipt)
    }

    /// `eth_call` of a registry function at `block`.
    pub async fn call<C: SolCall>(&self, to: Address, call: &C, block: BlockId) -> Result<CallOutcome<C::Return>> {
        let tx = TransactionRequest::default().with_to(to).with_input(call.abi_encode());
        match self.provider.call(tx).block(block).await {
            Ok(output) => {
                let decoded = C::abi_decode_returns(&output)
                    .map_err(|e| anyhow!("{}: the registry's answer does not decode: {e}", C::SIGNATURE))?;
                Ok(CallOutcome::Returned(decoded))
            }
            Err(error) => match registry_error(&error) {
                Some(reverted) => Ok(CallOutcome::Reverted(reverted)),
                None => Err(anyhow!(error).context(format!("eth_call {} on {}", C::SIGNATURE, self.rpc))),
            },
        }
    }
}

/// The registry error inside an RPC error, if it is a revert with known data.
pub fn registry_error(error: &RpcError<TransportErrorKind>) -> Option<RegistryError> {
    error.as_error_resp().and_then(|payload| payload.as_decoded_interface_error::<RegistryError>())
}

fn describe_revert(error: RpcError<TransportErrorKind>) -> anyhow::Error {
    match registry_error(&error) {
        Some(reverted) => anyhow!("the registry rejected the transaction: {}", error_name(&reverted)),
        None => anyhow!(error).context("sending the transaction"),
    }
}

/// The custom error's name and arguments, e.g. `AlreadyAnchored(0x…)`.
pub fn error_name(error: &RegistryError) -> String {
    use super::abi::RegistryError as E;
    match error {
        E::NotAuditor(_) => "NotAuditor".into(),
        E::RootAlreadyPublished(e) => format!("RootAlreadyPublished({})", e.root),
        E::RootNotPublished(e) => format!("RootNotPublished({})", e.root),
        E::RevokedRoot(e) => format!("RevokedRoot({})", e.root),
        E::NotAFieldElement(e) => format!("NotAFieldElement({})", e.value),
        E::AlreadyAnchored(e) => format!("AlreadyAnchored({})", e.key),
        E::NotAnchored(e) => format!("NotAnchored({})", e.key),
        E::InvalidParent(e) => format!("InvalidParent({})", e.parentKey),
        E::InvalidRoyalty(e) => format!("InvalidRoyalty({})", e.royaltyBps),
        E::InvalidProof(_) => "InvalidProof".into(),
        E::WrongPayment(e) => format!("WrongPayment(expected {}, sent {})", e.expected, e.sent),
        E::AlreadyLicensed(e) => format!("AlreadyLicensed({}, {})", e.key, e.holder),
        E::NothingToWithdraw(_) => "NothingToWithdraw".into(),
        E::WithdrawFailed(_) => "WithdrawFailed".into(),
    }
}
