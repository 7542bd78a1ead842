//! On demand vs Lambda Managed Instances: a profile with `[managed_instances]` is compared with the same function
//! on demand, so `compare` shows both bills side by side and the break-even volume where LMI becomes cheaper.

use crate::profile::Profile;

/// Suffix of the on-demand twin's name.
pub const ON_DEMAND: &str = "on demand";
/// Suffix of the Managed Instances profile's name.
pub const ON_LMI: &str = "on LMI";

/// `profiles` with every Managed Instances profile preceded by its on-demand twin (the same function, memory and
/// traffic without `[managed_instances]`); names get ` · on demand` and ` · on LMI`. Profiles without
/// `[managed_instances]` are kept as they are. The order of the input is kept.
pub fn with_on_demand(profiles: &[Profile]) -> Vec<Profile> {
    let mut out = Vec::with_capacity(profiles.len() * 2);
    for p in profiles {
        if p.managed_instances.is_some() {
            let mut od = p.clone();
            od.managed_instances = None;
            od.name = format!("{} · {ON_DEMAND}", p.name);
            out.push(od);
            let mut lmi = p.clone();
            lmi.name = format!("{} · {ON_LMI}", p.name);
            out.push(lmi);
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// The (on-demand twin, Managed Instances) index pairs [`with_on_demand`] made in `profiles`.
pub fn twins(profiles: &[Profile]) -> Vec<(usize, usize)> {
    profiles
        .windows(2)
        .enumerate()
        .filter_map(|(i, w)| {
            let (a, b) = (w.first()?, w.get(1)?);
            let base = a.name.strip_suffix(&format!(" · {ON_DEMAND}"))?;
            (a.managed_instances.is_none()
                && b.managed_instances.is_some()
                && b.name.strip_suffix(&format!(" · {ON_LMI}")) == Some(base))
            .then_some((i, i + 1))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_managed_profile_gets_an_on_demand_twin_first() {
        let lmi = Profile::from_toml(
            "name = \"api\"\nruntime = \"nodejs22.x\"\narchitecture = \"arm64\"\nmemory_mb = 2048\n[managed_instances]\ninstance_type = \"c7g.xlarge\"\n",
            "a.toml",
        )
        .unwrap();
        let plain =
            Profile::from_toml("name = \"b\"\nruntime = \"python3.13\"\n", "b.toml").unwrap();
        let out = with_on_demand(&[lmi, plain]);
        let names: Vec<&str> = out.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["api · on demand", "api · on LMI", "b"]);
        assert!(out[0].managed_instances.is_none() && out[1].managed_instances.is_some());
        assert_eq!(twins(&out), [(0, 1)]);
    }
}
