from samanvay.core.tests.test_settings import run_python


def test_production_without_its_own_encryption_key_fails_the_deploy_check(tmp_path):
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        REFERRALS_ENCRYPTION_KEYS="",
    )
    assert result.returncode != 0
    assert "referrals.E001" in result.stderr + result.stdout
