// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Parameters} from "../src/Parameters.sol";
import {IParameters} from "../src/interfaces/IParameters.sol";

/// @notice The parameter sets and deployment bounds of each profile, and the rule that picks
/// a profile for a chain. The reasoning behind every production value is in docs/governance.md,
/// "Production parameters".
library DeployConfig {
    /// @notice What the deploy script deploys: the parameter profile and the governance mode.
    enum Governance {
        None, // the deployer owns Parameters and the market (test harnesses on a local chain only)
        Devnet, // short voting times
        Production // GovernanceConfig.production
    }

    struct Plan {
        bool production; // productionParameters + productionBounds, else the devnet's
        Governance governance;
    }

    /// @notice On chain `chainId` (not a local one) the deploy script needs VERITY_PROFILE=production.
    error DeployConfigProfileRequired(uint256 chainId);
    /// @notice The profile or governance mode `value` is not allowed on chain `chainId`, or not known.
    error DeployConfigProfileRefused(string value, uint256 chainId);
    /// @notice On chain `chainId` (not a local one) the deploy script needs VERITY_PAYMENT_TOKEN:
    /// it never deploys the freely mintable test stablecoin there.
    error DeployConfigPaymentTokenRequired(uint256 chainId);
    /// @notice VERITY_PROFILE `profile` contradicts VERITY_GOVERNANCE `governance`.
    error DeployConfigProfileMismatch(string profile, string governance);

    /// @notice Whether `chainId` is a local network (anvil 31337, ganache/hardhat 1337).
    function isLocalChain(uint256 chainId) internal pure returns (bool) {
        return chainId == 31_337 || chainId == 1337;
    }

    /// @notice The deployment for `chainId` given VERITY_PROFILE (`profile`), VERITY_GOVERNANCE
    /// (`governance`) and VERITY_PAYMENT_TOKEN (`paymentToken`); empty strings and zero mean unset.
    /// - Local chain: the profile defaults to devnet, or to production when governance is
    ///   production; governance defaults to the profile. `npm run devnet` sets nothing and gets the
    ///   devnet, as before.
    /// - Any other chain: VERITY_PROFILE=production and a payment token are required; governance is
    ///   production (the devnet's and "none" are refused).
    /// - Production governance never runs on devnet parameters.
    function plan(uint256 chainId, string memory profile, string memory governance, address paymentToken)
        internal
        pure
        returns (Plan memory p)
    {
        bool local = isLocalChain(chainId);
        bytes32 prof = keccak256(bytes(profile));
        bytes32 gov = keccak256(bytes(governance));
        bool profileSet = bytes(profile).length != 0;
        bool governanceSet = bytes(governance).length != 0;

        if (profileSet) {
            if (prof == keccak256("production")) p.production = true;
            else if (prof != keccak256("devnet") || !local) revert DeployConfigProfileRefused(profile, chainId);
        } else if (!local) {
            revert DeployConfigProfileRequired(chainId);
        } else {
            p.production = gov == keccak256("production");
        }

        if (!governanceSet) {
            p.governance = p.production ? Governance.Production : Governance.Devnet;
        } else if (gov == keccak256("production")) {
            if (!p.production) revert DeployConfigProfileMismatch(profile, governance);
            p.governance = Governance.Production;
        } else if (gov == keccak256("devnet") && local) {
            p.governance = Governance.Devnet;
        } else if (gov == keccak256("none") && local) {
            p.governance = Governance.None;
        } else {
            revert DeployConfigProfileRefused(governance, chainId);
        }

        if (!local && paymentToken == address(0)) revert DeployConfigPaymentTokenRequired(chainId);
    }

    /* DEVNET */

    /// @notice The embedded defaults of a local network: short windows so that a whole job
    /// lifecycle runs in about a minute, and safe bounds all the same.
    function devnetParameters(address treasury) internal pure returns (Parameters.Init memory) {
        return Parameters.Init({
            minStake: 100e18,
            // 1 tUSD (1e6 wei) of price locks 10 VRT (1e19 wei) of collateral.
            collateralRatio: 1e31,
            // bids below 1% of the maximum price are refused (no dust bids)
            minBidBps: 100,
            // every job locks at least 10 VRT, whatever its price
            minJobCollateral: 10e18,
            livenessSlashBps: 1000,
            // a convicted liar loses 100%, 20% of it to the treasury: PENALTY_FLOOR_BPS exactly
            fraudSlashBps: 10_000,
            challengerShareBps: 5000,
            requesterShareBps: 3000,
            commitWindow: 10,
            revealWindow: 10,
            maxExecutionWindow: 1 hours,
            challengeWindow: 60,
            disputeMoveTimeout: 60,
            unbondingDelay: 1 hours,
            challengerBond: 10e18,
            protocolFeeBps: 100,
            modelRegistrationBond: 10e18,
            treasury: treasury
        });
    }

    /// @notice The bounds of a local network: the absolute limits of `Parameters`, so that tests can
    /// explore every value the contracts allow. `Parameters` refuses them on any other chain.
    /// The ceilings of the minimum stake and the bond are the largest `tokenSupply` allows.
    /// `stakeTokenSupply` and `paymentTokenDecimals` are filled in by DeploySystem from the tokens.
    function devnetBounds(uint256 tokenSupply) internal pure returns (IParameters.Bounds memory b) {
        b.commitWindowFloor = 5 seconds; // Parameters.AUCTION_WINDOW_FLOOR
        b.revealWindowFloor = 5 seconds;
        b.maxExecutionWindowFloor = 1;
        b.challengeWindowFloor = 60 seconds; // Parameters.CHALLENGE_WINDOW_FLOOR
        b.disputeMoveTimeoutFloor = 60 seconds; // Parameters.MOVE_TIMEOUT_FLOOR
        b.unbondingDelayFloor = 1;
        b.collateralRatioFloor = 1; // Parameters.COLLATERAL_RATIO_FLOOR
        b.minJobCollateralFloor = 1e18; // Parameters.MIN_JOB_COLLATERAL_FLOOR
        b.minStakeCeiling = _min(1e27, tokenSupply * 10 / 10_000); // MIN_STAKE_SUPPLY_CEILING_BPS
        b.challengerBondCeiling = _min(1e27, tokenSupply * 1 / 10_000); // CHALLENGER_BOND_SUPPLY_CEILING_BPS
        b.stakeTokenSupply = tokenSupply;
        b.paymentTokenDecimals = 6;
    }

    /* PRODUCTION (reasons: docs/governance.md, "Production parameters") */

    /// @notice The production parameter set, for a 6-decimals stable payment token and a chain with
    /// an L2 sequencer (or L1 blocks of 12 s). Every value sits inside `productionBounds`.
    function productionParameters(address treasury) internal pure returns (Parameters.Init memory) {
        return Parameters.Init({
            minStake: 1000e18,
            // 1 tUSD (1e6 wei) of price locks 10 VRT (1e19 wei): 1e19 * 1e18 / 1e6
            collateralRatio: 1e31,
            minBidBps: 100,
            minJobCollateral: 100e18,
            livenessSlashBps: 2000,
            // a convicted liar loses 100%: 40% to the challenger, 20% to the requester, 40% to the
            // treasury (twice PENALTY_FLOOR_BPS)
            fraudSlashBps: 10_000,
            challengerShareBps: 4000,
            requesterShareBps: 2000,
            commitWindow: 2 minutes,
            revealWindow: 2 minutes,
            maxExecutionWindow: 1 days,
            challengeWindow: 2 days,
            disputeMoveTimeout: 36 hours,
            // > 2 days + 3 * 36 hours = 6.5 days, with a week of margin
            unbondingDelay: 14 days,
            challengerBond: 20e18,
            protocolFeeBps: 100,
            modelRegistrationBond: 100e18,
            treasury: treasury
        });
    }

    /// @notice The production bounds for a payment token of `paymentTokenDecimals` decimals:
    /// floors at (or above) `Parameters`' production minima, ceilings far below a 1e9 VRT supply.
    function productionBounds(uint8 paymentTokenDecimals) internal pure returns (IParameters.Bounds memory b) {
        b.commitWindowFloor = 1 minutes; // PRODUCTION_AUCTION_WINDOW_MIN
        b.revealWindowFloor = 1 minutes;
        b.maxExecutionWindowFloor = 1 hours; // PRODUCTION_EXECUTION_WINDOW_MIN
        b.challengeWindowFloor = 30 hours; // PRODUCTION_CHALLENGE_WINDOW_MIN
        b.disputeMoveTimeoutFloor = 30 hours; // PRODUCTION_MOVE_TIMEOUT_MIN
        b.unbondingDelayFloor = 7 days; // PRODUCTION_UNBONDING_MIN
        // at least 1 VRT per whole payment token (ten times PRODUCTION_COLLATERAL_PER_PAYMENT_UNIT_MIN)
        b.collateralRatioFloor = 1e36 / 10 ** paymentTokenDecimals;
        b.minJobCollateralFloor = 10e18; // PRODUCTION_MIN_JOB_COLLATERAL_MIN
        b.minStakeCeiling = 100_000e18; // 0.01% of a 1e9 VRT supply
        b.challengerBondCeiling = 10_000e18; // 0.001% of it
        b.stakeTokenSupply = 1_000_000_000e18; // overwritten by DeploySystem with the real supply
        b.paymentTokenDecimals = paymentTokenDecimals;
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
