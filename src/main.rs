fn main() {
    std::fs::create_dir_all("schemas").unwrap();
    for (name, schema) in docket::model::schema::bundled() {
        std::fs::write(format!("schemas/{name}.schema.json"), docket::model::schema::to_file_text(&schema)).unwrap();
    }
}
